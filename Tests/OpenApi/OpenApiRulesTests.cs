using ApiStudio.Engine.Resources;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.OpenApi;

/// <summary>What the validator checks for OpenAPI: the reserved document uri and the form of the <c>openapi</c> key.</summary>
public class OpenApiRulesTests
{
    [TestCase("openapi.json")]
    [TestCase("OpenAPI.json")]
    public void The_document_uri_is_reserved_in_every_casing(string uri)
    {
        var document = Resource("processor: var_str\nid: v\nvalue: x").Replace("uri: test", $"uri: {uri}");
        var errors = Planner.Validator.Validate(ResourceLoader.Load(document, "test.yaml"));
        Assert.That(errors.Select(e => (e.Input, e.Message)),
            Is.EqualTo(new[] { ("uri", $"'uri' {uri} is reserved for the application's OpenAPI document.") }));
    }

    [Test]
    public void A_uri_below_the_document_name_is_allowed()
    {
        var document = Resource("processor: var_str\nid: v\nvalue: x").Replace("uri: test", "uri: openapi.json/history");
        Assert.That(Planner.Validator.Validate(ResourceLoader.Load(document, "test.yaml")), Is.Empty);
    }

    [Test]
    public void The_openapi_key_must_be_a_map()
    {
        var document = Resource("processor: var_str\nid: v\nvalue: x", "openapi: [summary]");
        var errors = Planner.Validator.Validate(ResourceLoader.Load(document, "test.yaml"));
        Assert.That(errors.Select(e => (e.Input, e.Message)),
            Is.EqualTo(new[] { ("openapi", "'openapi' must be a map: an OpenAPI operation object merged into the generated one.") }));
    }
}
