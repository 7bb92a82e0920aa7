using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

public class VarPostTests : RequestVariableContract
{
    protected override string Processor => "var_post";

    protected override string Source => "POST variable";

    protected override ApiRequest With(string key, string value) =>
        new() { Method = "post", Post = new Dictionary<string, object?> { [key] = value } };

    [Test]
    public async Task Repeated_key_gives_an_array_of_texts()
    {
        var request = new ApiRequest { Post = new Dictionary<string, object?> { ["tag"] = new List<object?> { "a", "b" } } };
        var value = await Run(Node("tag"), request);
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { "a", "b" }));
    }

    [Test]
    public async Task Query_variables_are_not_read()
    {
        var error = await RunFails(Node(), Get(("name", "Ada")));
        Assert.That(error.Message, Is.EqualTo("POST variable (name) does not exist or is undefined."));
    }
}
