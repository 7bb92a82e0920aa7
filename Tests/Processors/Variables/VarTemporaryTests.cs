using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Variables;

public class VarTemporaryTests
{
    /// <summary>A var_temporary node as an item of a collection, so several run in order in one request.</summary>
    private static string Item(string id, string operation, string key = "greeting", params string[] extra) =>
        string.Join("\n", ["  - processor: var_temporary", $"    id: {id}", $"    key: {key}", $"    operation: {operation}",
            .. extra.Select(line => "    " + line)]);

    private static string Sequence(params string[] items) =>
        string.Join("\n", ["processor: var_collection", "id: all", "items:", .. items]);

    private static string Node(params string[] inputs) =>
        string.Join("\n", ["processor: var_temporary", "id: t", .. inputs]);

    [Test]
    public async Task Saved_value_is_fetched_later_in_the_request()
    {
        var value = await Run(Sequence(Item("save", "save", "greeting", "value: hello"), Item("fetch", "fetch")));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { true, "hello" }));
    }

    [Test]
    public async Task Saved_value_keeps_its_type()
    {
        var value = await Run(Sequence(Item("save", "save", "n", "value: [1, 2]"), Item("fetch", "fetch", "n")));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { true, new List<object?> { 1L, 2L } }));
    }

    [Test]
    public async Task Saving_again_replaces_the_value()
    {
        var value = await Run(Sequence(Item("s1", "save", "k", "value: 1"), Item("s2", "save", "k", "value: 2"),
            Item("f", "fetch", "k")));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { true, true, 2L }));
    }

    [Test]
    public async Task Deleted_value_is_gone()
    {
        var value = await Run(Sequence(Item("save", "save", "k", "value: x"), Item("delete", "delete", "k"),
            Item("fetch", "fetch", "k", "strict: false")));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { true, true, null }));
    }

    [Test]
    public async Task Variables_do_not_outlive_the_request()
    {
        await Run(Node("key: k", "operation: save", "value: 1"));
        var error = await RunFails(Node("key: k", "operation: fetch"));
        Assert.That(error.Message, Is.EqualTo("Temporary variable (k) does not exist or is undefined."));
    }

    [Test]
    public async Task Fetching_a_missing_variable_is_400_code_6_with_the_node_id_by_default()
    {
        var error = await RunFails(Node("key: k", "operation: fetch"));
        Assert.That(error.Message, Is.EqualTo("Temporary variable (k) does not exist or is undefined."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "t")));
    }

    [Test]
    public async Task Fetching_an_undefined_variable_fails_when_strict()
    {
        var error = await RunFails(Sequence(Item("save", "save", "k", "value: null"), Item("fetch", "fetch", "k", "strict: true")));
        Assert.That(error.Message, Is.EqualTo("Temporary variable (k) does not exist or is undefined."));
        Assert.That(error.ProcessorId, Is.EqualTo("fetch"));
    }

    [Test]
    public async Task Fetching_a_missing_variable_is_undefined_when_not_strict()
    {
        var value = await Run(Node("key: k", "operation: fetch", "strict: false"));
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Deleting_a_missing_variable_is_an_error_when_strict()
    {
        var error = await RunFails(Node("key: k", "operation: delete"));
        Assert.That(error.Message, Is.EqualTo("Temporary variable (k) does not exist or is undefined."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "t")));
    }

    [Test]
    public async Task Deleting_a_missing_variable_is_false_when_not_strict()
    {
        var value = await Run(Node("key: k", "operation: delete", "strict: false"));
        Assert.That(value, Is.SameAs(DataContainer.False));
    }

    [Test]
    public async Task Save_without_a_value_is_an_error_with_the_node_id()
    {
        var error = await RunFails(Node("key: k", "operation: save"));
        Assert.That(error.Message, Is.EqualTo("Operation save needs the input 'value' (node 't')."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "t")));
    }

    [Test]
    public async Task Keys_are_case_sensitive()
    {
        var error = await RunFails(Sequence(Item("save", "save", "Name", "value: x"), Item("fetch", "fetch", "name")));
        Assert.That(error.Message, Is.EqualTo("Temporary variable (name) does not exist or is undefined."));
    }

    [TestCase("operation: fetch")]
    [TestCase("key: k")]
    public async Task Missing_key_or_operation_is_refused_with_node_id(string only)
    {
        IsRefusedNaming(await Rejected(Node(only)), "t", only.StartsWith("key") ? "operation" : "key");
    }

    [TestCase("read")]
    [TestCase("Fetch")]
    public async Task Operation_outside_save_fetch_delete_is_refused_with_node_id(string operation)
    {
        var refused = await Rejected(Node("key: k", $"operation: {operation}"));
        Assert.That(refused.NodeId, Is.EqualTo("t"));
        Assert.That(refused.Message, Does.Contain("operation").And.Contain(operation));
    }

    [TestCase("key", "key: 5", "strict: false")]
    [TestCase("key", "key: [a, b]", "strict: false")]
    [TestCase("strict", "key: k", "strict: 'no'")]
    public async Task Input_of_the_wrong_type_is_refused_with_node_id(string input, string keyLine, string strictLine)
    {
        IsRefusedNaming(await Rejected(Node("operation: fetch", keyLine, strictLine)), "t", input);
    }
}
