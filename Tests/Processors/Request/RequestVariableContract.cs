using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

/// <summary>
/// The rules every keyed request variable shares (key, expected_type, nullable, the missing-variable error), run for
/// each processor by its own fixture.
/// </summary>
public abstract class RequestVariableContract
{
    /// <summary>The machine name under test.</summary>
    protected abstract string Processor { get; }

    /// <summary>The start of the missing-variable message: <c>GET variable</c>.</summary>
    protected abstract string Source { get; }

    /// <summary>A request in which the processor finds <paramref name="key"/> holding <paramref name="value"/>.</summary>
    protected abstract ApiRequest With(string key, string value);

    /// <summary>The node under test (id <c>v</c>) reading <paramref name="key"/>, plus extra input lines.</summary>
    protected string Node(string key = "name", params string[] extra) =>
        string.Join("\n", [$"processor: {Processor}", "id: v", $"key: {key}", .. extra]);

    [Test]
    public async Task Present_variable_is_returned_as_text()
    {
        var value = await Run(Node(), With("name", "Ada"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, (object)"Ada")));
    }

    [Test]
    public async Task Missing_variable_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(Node(), With("other", "Ada"));
        Assert.That(error.Message, Is.EqualTo($"{Source} (name) does not exist or is undefined."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "v")));
    }

    [Test]
    public async Task Nullable_false_given_explicitly_fails_like_the_default()
    {
        var error = await RunFails(Node("name", "nullable: false"), new ApiRequest());
        Assert.That(error.Message, Is.EqualTo($"{Source} (name) does not exist or is undefined."));
        Assert.That(error.ProcessorId, Is.EqualTo("v"));
    }

    [Test]
    public async Task Nullable_missing_variable_is_undefined()
    {
        var value = await Run(Node("name", "nullable: true"), new ApiRequest());
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Empty_value_counts_as_missing()
    {
        var error = await RunFails(Node(), With("name", ""));
        Assert.That(error.Message, Is.EqualTo($"{Source} (name) does not exist or is undefined."));
        var value = await Run(Node("name", "nullable: true"), With("name", ""));
        Assert.That(value.IsUndefined, Is.True);
    }

    [TestCase("integer", "42", DataType.Integer, 42L)]
    [TestCase("float", "1.5", DataType.Float, 1.5)]
    [TestCase("boolean", "true", DataType.Boolean, true)]
    [TestCase("json", "{\"a\":1}", DataType.Json, "{\"a\":1}")]
    [TestCase("text", "7", DataType.Text, "7")]
    public async Task Expected_type_casts_the_text(string type, string text, DataType expectedType, object expected)
    {
        var value = await Run(Node("name", $"expected_type: {type}"), With("name", text));
        Assert.That((value.Type, value.Data), Is.EqualTo((expectedType, expected)));
    }

    [Test]
    public async Task Expected_type_array_parses_a_json_list()
    {
        var value = await Run(Node("name", "expected_type: array"), With("name", "[1, \"b\"]"));
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { 1L, "b" }));
    }

    [Test]
    public async Task Impossible_cast_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(Node("name", "expected_type: integer"), With("name", "abc"));
        Assert.That(error.Message, Is.EqualTo("Cannot cast text to integer."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "v")));
    }

    [Test]
    public async Task Missing_nullable_variable_is_undefined_whatever_the_expected_type()
    {
        var value = await Run(Node("name", "expected_type: integer", "nullable: true"), new ApiRequest());
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Expected_type_outside_the_type_names_is_refused_with_node_id()
    {
        var refused = await Rejected(Node("name", "expected_type: number"), With("name", "1"));
        Assert.That(refused.NodeId, Is.EqualTo("v"));
        Assert.That(refused.Message, Does.Contain("expected_type").And.Contain("number"));
    }

    [Test]
    public async Task Expected_type_that_is_not_text_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("name", "expected_type: 5"), With("name", "1")), "v", "expected_type");
    }

    [Test]
    public async Task Expected_type_from_a_node_is_checked_at_run_time()
    {
        var error = await RunFails(Node("name", "expected_type:", "  processor: var_str", "  id: t", "  value: Integer"),
            With("name", "1"));
        Assert.That(error.Message, Does.StartWith("Input 'expected_type' does not accept the value 'Integer'").And.Contain("'v'"));
        Assert.That(error.ProcessorId, Is.EqualTo("v"));
    }

    [Test]
    public async Task Nullable_that_is_not_boolean_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("name", "nullable: maybe"), new ApiRequest()), "v", "nullable");
    }

    [Test]
    public async Task Nullable_text_from_a_node_is_refused_at_run_time()
    {
        var error = await RunUnvalidatedFails(Node("name", "nullable:", "  processor: var_str", "  id: n", "  value: 'true'"),
            new ApiRequest());
        Assert.That(error.Message, Does.StartWith("Input 'nullable' does not accept type text"));
        Assert.That(error.ProcessorId, Is.EqualTo("v"));
    }

    [Test]
    public async Task Missing_key_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected($"processor: {Processor}\nid: v\nnullable: true", With("name", "Ada")), "v", "key");
    }

    [Test]
    public async Task Key_that_is_not_text_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("5"), With("5", "Ada")), "v", "key");
    }

    [Test]
    public async Task A_list_of_keys_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Node("[name, other]"), With("name", "Ada")), "v", "key");
    }

    [Test]
    public async Task Key_may_come_from_a_node()
    {
        var value = await Run(Node("", "  processor: var_str", "  id: k", "  value: name"), With("name", "Ada"));
        Assert.That(value.Data, Is.EqualTo("Ada"));
    }
}
