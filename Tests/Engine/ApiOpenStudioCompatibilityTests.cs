using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Validation.Fixtures;

namespace ApiStudio.Tests.Engine;

/// <summary>Resource files in the ApiOpenStudio format (header keys with <c>appid</c>) load, validate and evaluate unchanged.</summary>
public class ApiOpenStudioCompatibilityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Resources", "ApiOpenStudioFormat");

    private static TestEnvironment Environment()
    {
        var environment = new TestEnvironment();
        environment.Applications[2] = ("examples", "demo");
        return environment;
    }

    private static PreparedResource Prepare(string file) =>
        TestEngine.Planner.Prepare(ResourceLoader.LoadFile(Path.Combine(Folder, file)), Environment());

    private static async Task<DataContainer> Run(PreparedResource resource, ApiRequest request)
    {
        using var context = new EvaluationContext(request);
        return (await resource.ExecuteAsync(context)).Value;
    }

    [Test]
    public void A_yaml_file_with_appid_resolves_to_its_account_and_application()
    {
        var resource = Prepare("hello_world.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(resource.Account, Is.EqualTo("examples"));
            Assert.That(resource.Application, Is.EqualTo("demo"));
            Assert.That(resource.Method, Is.EqualTo("get"), "the method is stored lower-case");
            Assert.That(resource.Uri, Is.EqualTo("hello/world"));
            Assert.That(resource.Document.AppId, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_yaml_file_with_appid_evaluates_both_branches()
    {
        var resource = Prepare("hello_world.yaml");
        var named = await Run(resource, TestEngine.Get(("name", "Ada")));
        var anonymous = await Run(resource, new ApiRequest());
        Assert.That(named.Data, Is.EqualTo("Hello, Ada!"));
        Assert.That(anonymous.Data, Is.EqualTo("Hello, world!"));
    }

    [Test]
    public async Task A_json_file_with_appid_evaluates_objects_loops_and_uri_arguments()
    {
        var resource = Prepare("user_summary.json");
        var value = await Run(resource, new ApiRequest { UriArguments = ["42"] });
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(PlainJson.Serialize(value.Data), Is.EqualTo("""{"id":42,"tags":["tag-a","tag-b"]}"""));
    }

    [Test]
    public void An_appid_no_application_has_is_rejected_naming_the_appid()
    {
        var document = ResourceLoader.LoadFile(Path.Combine(Folder, "hello_world.yaml"));
        var ex = Assert.Throws<ResourceValidationException>(() => TestEngine.Planner.Prepare(document, new TestEnvironment()));
        Assert.That(ex!.Errors.Select(e => e.ToString()), Has.Some.Contains("appid").And.Some.Contains("2"));
    }
}
