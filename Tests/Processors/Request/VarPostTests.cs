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

    [TestCase(3.0, 3L)]
    [TestCase(-2.0, -2L)]
    public async Task A_whole_json_number_is_an_integer(double number, long expected)
    {
        var request = new ApiRequest { Post = new Dictionary<string, object?> { ["qty"] = number } };
        var value = await Run(Node("qty", "expected_type: integer"), request);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, (object)expected)));
    }

    [TestCase(1.5, "1.5")]
    [TestCase(-0.25, "-0.25")]
    public async Task A_json_number_with_a_fraction_is_not_an_integer(double number, string shown)
    {
        var request = new ApiRequest { Post = new Dictionary<string, object?> { ["qty"] = number } };
        var error = await RunFails(Node("qty", "expected_type: integer"), request);
        Assert.That(error.Message, Is.EqualTo($"POST variable (qty) must be an integer, not {shown}."));
        Assert.That((error.HttpStatus, error.ProcessorId), Is.EqualTo((400, "v")));
    }
}
