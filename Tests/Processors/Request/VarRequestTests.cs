using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

public class VarRequestTests : RequestVariableContract
{
    protected override string Processor => "var_request";

    protected override string Source => "REQUEST variable";

    protected override ApiRequest With(string key, string value) => Get((key, value));

    private static ApiRequest Both(string? query, string? post) => new()
    {
        Query = query is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["name"] = query },
        Post = post is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["name"] = post },
    };

    [Test]
    public async Task A_form_variable_is_read_when_the_query_has_none()
    {
        var value = await Run(Node(), Both(null, "from post"));
        Assert.That(value.Data, Is.EqualTo("from post"));
    }

    [Test]
    public async Task The_query_value_overrides_the_form_value()
    {
        var value = await Run(Node(), Both("from get", "from post"));
        Assert.That(value.Data, Is.EqualTo("from get"));
    }

    [Test]
    public async Task An_empty_query_value_does_not_hide_the_form_value()
    {
        var value = await Run(Node(), Both("", "from post"));
        Assert.That(value.Data, Is.EqualTo("from post"));
    }

    [Test]
    public async Task Repeated_query_key_gives_an_array_of_texts()
    {
        var request = new ApiRequest { Query = new Dictionary<string, object?> { ["name"] = new List<object?> { "a", "b" } } };
        var value = await Run(Node(), request);
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { "a", "b" }));
    }
}
