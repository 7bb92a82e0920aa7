using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceImportTests : AdminWorld
{
    private static string Document(string uri, string application = "shop", string account = "acme") => $"""
        name: Imported {uri}
        description: A resource imported by a test.
        account: {account}
        application: {application}
        uri: {uri}
        method: get
        ttl: 0
        process:
          processor: var_str
          id: value
          value: imported {uri}
        """;

    [Test]
    public async Task A_developer_imports_a_document_given_as_input_and_it_is_served()
    {
        var stored = MapOf(await Run(Node("resource_import", ("resource", Document("one"))), ShopDeveloper));
        Assert.That(stored.Keys, Is.SupersetOf(new[] { "resid", "appid", "account", "application", "method", "uri", "version" }));
        Assert.That((stored["appid"], stored["uri"], stored["method"], stored["version"], stored["format"]), Is.EqualTo((Shop, "one", "get", 1L, "yaml")));
        Assert.That(Registry.Routes.Match("acme", "shop", "get", ["one"]).Resource!.Resid, Is.EqualTo(stored["resid"]));
    }

    [Test]
    public async Task Without_the_input_the_raw_request_body_is_imported()
    {
        var request = new ApiRequest { Method = "post", Body = Document("from-body"), ContentType = "application/yaml" };
        var stored = MapOf(await Run(Node("resource_import"), ShopManager, request));
        Assert.That(stored["uri"], Is.EqualTo("from-body"));
    }

    [Test]
    public async Task An_upload_in_resource_file_is_imported_with_the_format_of_its_name()
    {
        var json = """{"name": "Uploaded", "description": "d", "account": "acme", "application": "shop", "uri": "uploaded", "method": "get", "ttl": 0, "process": 42}""";
        var request = new ApiRequest
        {
            Method = "post",
            Files = new Dictionary<string, BinaryValue> { ["resource_file"] = new(Encoding.UTF8.GetBytes(json), "uploaded.json", "application/json") },
        };
        var stored = MapOf(await Run(Node("resource_import"), ShopDeveloper, request));
        Assert.That((stored["uri"], stored["format"]), Is.EqualTo(("uploaded", "json")));
    }

    [Test]
    public async Task An_apiopenstudio_document_with_appid_imports_unchanged()
    {
        var document = $"""
            name: Legacy
            description: Written for ApiOpenStudio.
            appid: {Shop}
            uri: legacy/hello
            method: get
            ttl: 0
            process:
              processor: concatenate
              id: greeting
              items:
                - "Hello, "
                - world
            """;
        var stored = MapOf(await Run(Node("resource_import", ("resource", document)), ShopDeveloper));
        Assert.That((stored["account"], stored["application"], stored["uri"]), Is.EqualTo(("acme", "shop", "legacy/hello")));
        Assert.That(Registry.Routes.Match("acme", "shop", "get", ["legacy", "hello"]).Resource, Is.Not.Null);
    }

    [Test]
    public async Task An_invalid_document_is_400_listing_every_problem_and_nothing_is_stored()
    {
        var document = Document("broken").Replace("ttl: 0\n", "").Replace("var_str", "no_such_processor");
        var error = await Fails(Node("resource_import", ("resource", document)), ShopDeveloper);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(error.Details, Has.Some.Contains("'ttl' is required."));
        Assert.That(error.Details, Has.Some.Contains("no_such_processor"));
        Assert.That(await Database.ReadAsync(db => ResourceMapper.FindByIdentityAsync(db, Shop, "get", "broken")), Is.Null);
    }

    [TestCase("name: [unclosed", "cannot be read")]
    [TestCase("   ", "Give the resource document")]
    [TestCase("- just\n- a list\n", "must be a map")]
    public async Task An_unreadable_document_is_400(string document, string problem)
    {
        var error = await Fails(Node("resource_import", ("resource", document)), ShopDeveloper);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public async Task A_taken_identity_is_400() =>
        Assert.That((await Fails(Node("resource_import", ("resource", ShopHello)), ShopDeveloper)).Message, Does.Contain("already has the identity"));

    [Test]
    public async Task Only_developers_and_managers_of_the_application_import()
    {
        AssertError(await Fails(Node("resource_import", ("resource", Document("c1"))), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_import", ("resource", Document("c1", "blog"))), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("resource_import", ("resource", Document("c1"))), null), 401, ErrorCodes.Authentication);
        Assert.That(MapOf(await Run(Node("resource_import", ("resource", Document("c1", "blog"))), AcmeManager))["application"], Is.EqualTo("blog"));
    }

    [Test]
    public async Task An_application_of_another_account_and_one_that_does_not_exist_give_the_same_404()
    {
        var foreign = await Fails(Node("resource_import", ("resource", Document("x", "portal", "globex"))), ShopDeveloper);
        var missing = await Fails(Node("resource_import", ("resource", Document("x", "nothing", "globex"))), ShopDeveloper);
        Assert.That((foreign.HttpStatus, missing.HttpStatus), Is.EqualTo((404, 404)));
        Assert.That(foreign.Message, Is.EqualTo("Application 'globex/portal' does not exist."));
        Assert.That(missing.Message, Is.EqualTo("Application 'globex/nothing' does not exist."));
    }

    [Test]
    public async Task An_upload_that_is_not_utf8_is_400()
    {
        var request = new ApiRequest { Files = new Dictionary<string, BinaryValue> { ["resource_file"] = new([0xC3, 0x28, 0xFF], "bad.yaml") } };
        AssertError(await Fails(Node("resource_import"), ShopDeveloper, request), 400, ErrorCodes.InvalidInput);
    }

    [Test]
    public void A_resource_input_of_the_wrong_type_is_refused_at_publish() =>
        Assert.That(PublishFails(Node("resource_import", ("resource", 12L))).Errors.Select(e => e.Input), Does.Contain("resource"));
}
