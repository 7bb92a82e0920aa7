using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ResourceExportTests : AdminWorld
{
    private const string Rich = """
        # A comment that only the original text keeps.
        name: Rich
        description: Every kind of value.
        account: acme
        application: shop
        uri: rich/{id}
        method: post
        ttl: 0
        fragments:
          twice:
            processor: var_int
            id: two
            value: 2
        process:
          processor: concatenate
          id: all
          items:
            - "123"
            - "true"
            - ""
            - "line one\nline two"
            - 1.5
            - processor: fragment
              id: ref
              name: twice
        output:
          - response
        """;

    private long _rich;

    [OneTimeSetUp]
    public async Task ImportRich() =>
        _rich = (long)MapOf(await Run(Node("resource_import", ("resource", Rich)), ShopDeveloper))["resid"]!;

    [Test]
    public async Task Yaml_export_of_a_yaml_resource_is_the_document_as_written()
    {
        var exported = await Run(Node("resource_export", ("resid", _rich)), ShopDeveloper);
        Assert.That((exported.Type, exported.Data), Is.EqualTo((DataType.Text, Rich)));
    }

    [Test]
    public async Task Json_export_converts_and_reads_back_as_the_same_document()
    {
        var exported = await Run(Node("resource_export", ("resid", _rich), ("format", "json")), ShopDeveloper);
        Assert.That(exported.Type, Is.EqualTo(DataType.Json));
        var json = ResourceLoader.Load((string)exported.Data!, "export.json", DocumentFormat.Json);
        var yaml = ResourceLoader.Load(Rich, "rich.yaml");
        Assert.That(ResourceWriter.ToPlain(json), Is.EqualTo(ResourceWriter.ToPlain(yaml)));
        Assert.That(((Map)exported.ToPlain()!)["uri"], Is.EqualTo("rich/{id}"));
    }

    [Test]
    public async Task A_json_resource_exports_to_yaml_that_keeps_every_value_type()
    {
        var json = PlainJson.Serialize(ResourceWriter.ToPlain(ResourceLoader.Load(Rich.Replace("rich/{id}", "rich-json"), "r.yaml")));
        var resid = (long)MapOf(await Run(Node("resource_import", ("resource", json)), ShopDeveloper))["resid"]!;
        var yaml = (string)(await Run(Node("resource_export", ("resid", resid), ("format", "yaml")), ShopDeveloper)).Data!;
        Assert.That(ResourceWriter.ToPlain(ResourceLoader.Load(yaml, "back.yaml", DocumentFormat.Yaml)),
            Is.EqualTo(ResourceWriter.ToPlain(ResourceLoader.Load(json, "r.json", DocumentFormat.Json))));
        Assert.That(yaml, Does.Contain("- \"123\"").And.Contain("- \"true\"").And.Contain("- 1.5"));
    }

    [Test]
    public async Task Consumers_and_strangers_cannot_export()
    {
        AssertError(await Fails(Node("resource_export", ("resid", _rich)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("resource_export", ("resid", _rich)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public void A_format_outside_yaml_and_json_is_refused_at_publish() =>
        Assert.That(PublishFails(Node("resource_export", ("resid", 1L), ("format", "xml"))).Errors.Select(e => e.Input), Does.Contain("format"));

    [Test]
    public async Task A_computed_format_outside_the_values_is_400_at_run_time()
    {
        var error = await Fails("""
            {"processor": "resource_export", "id": "admin", "resid": 1, "format": {"processor": "var_str", "id": "f", "value": "xml"}}
            """, Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
    }
}
