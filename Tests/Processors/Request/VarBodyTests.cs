using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

public class VarBodyTests
{
    private static string Node(params string[] extra) => string.Join("\n", ["processor: var_body", "id: b", .. extra]);

    private static ApiRequest Body(string? body, string? contentType) =>
        new() { Method = "post", Body = body, ContentType = contentType };

    [Test]
    public async Task Json_object_body_gives_a_map()
    {
        var value = await Run(Node(), Body("{\"name\":\"Ada\",\"age\":36}", "application/json"));
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new Map { ["name"] = "Ada", ["age"] = 36L }));
    }

    [Test]
    public async Task Json_list_body_gives_a_list()
    {
        var value = await Run(Node(), Body("[1, 2.5, true]", "application/json; charset=utf-8"));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { 1L, 2.5, true }));
    }

    [TestCase("42", DataType.Integer, 42L)]
    [TestCase("\"hi\"", DataType.Text, "hi")]
    [TestCase("false", DataType.Boolean, false)]
    public async Task Json_scalar_body_gives_its_value(string body, DataType type, object expected)
    {
        var value = await Run(Node(), Body(body, "application/json"));
        Assert.That((value.Type, value.Data), Is.EqualTo((type, expected)));
    }

    [Test]
    public async Task Structured_json_media_types_are_parsed()
    {
        var value = await Run(Node(), Body("{\"a\":1}", "application/problem+json"));
        Assert.That(value.Data, Is.EqualTo(new Map { ["a"] = 1L }));
    }

    [TestCase("application/xml")]
    [TestCase("text/xml")]
    [TestCase("application/atom+xml")]
    public async Task Xml_body_gives_xml(string contentType)
    {
        var value = await Run(Node(), Body("<a>1</a>", contentType));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Xml, (object)"<a>1</a>")));
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase(null)]
    public async Task Other_bodies_give_text(string? contentType)
    {
        var value = await Run(Node(), Body("{\"a\":1}", contentType));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, (object)"{\"a\":1}")));
    }

    [TestCase("{\"a\":", "end of the JSON text")]
    [TestCase("[1,", "end of the JSON text")]
    [TestCase("{\"a\":1} x", "Additional text")]
    [TestCase("{\"a\":1,\"a\":2}", "Duplicate key 'a'")]
    public async Task Malformed_json_body_is_400_code_6_with_the_parser_message(string body, string reason)
    {
        var error = await RunFails(Node(), Body(body, "application/json"));
        Assert.That(error.Message, Does.StartWith("The request body is not valid JSON: ").And.Contain(reason).And.Contain("line 1"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "b")));
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task Missing_body_is_400_code_6_with_the_node_id(string? body)
    {
        var error = await RunFails(Node(), Body(body, "text/plain"));
        Assert.That(error.Message, Is.EqualTo("Request body does not exist or is empty."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "b")));
    }

    [Test]
    public async Task Json_null_body_counts_as_missing()
    {
        var error = await RunFails(Node(), Body("null", "application/json"));
        Assert.That(error.Message, Is.EqualTo("Request body does not exist or is empty."));
    }

    [Test]
    public async Task Missing_body_is_undefined_when_nullable()
    {
        var value = await Run(Node("nullable: true", "expected_type: integer"), Body(null, null));
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Expected_type_casts_a_text_body()
    {
        var value = await Run(Node("expected_type: integer"), Body(" 12 ", "text/plain"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, (object)12L)));
    }

    [Test]
    public async Task Expected_type_json_serializes_a_json_body()
    {
        var value = await Run(Node("expected_type: json"), Body("{ \"a\" : [1, 2] }", "application/json"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Json, (object)"{\"a\":[1,2]}")));
    }

    [Test]
    public async Task Impossible_cast_of_the_body_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(Node("expected_type: integer"), Body("{\"a\":1}", "application/json"));
        Assert.That(error.Message, Is.EqualTo("Cannot cast array to integer."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "b")));
    }

    [Test]
    public async Task Expected_type_outside_the_type_names_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("expected_type: number"), Body("1", "text/plain")), "b", "expected_type");
    }

    [Test]
    public async Task Nullable_that_is_not_boolean_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("nullable: sometimes"), Body(null, null)), "b", "nullable");
    }
}
