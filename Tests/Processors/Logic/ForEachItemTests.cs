using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class ForEachItemTests
{
    private static string Loop(string input, string body, string extra = "") => $"""
        processor: for_each_item
        id: each
        input: {input}
        process_loop: {body}
        {extra}
        """;

    [Test]
    public async Task Returns_the_list_of_loop_results_with_each_value()
    {
        var run = await Run(Loop("[a, b, c]", "{processor: test_temporary, id: read, name: each.val}"));
        Assert.That(run.Value!.Type, Is.EqualTo(DataType.Array));
        Assert.That(run.Value.Data, Is.EqualTo(new List<object?> { "a", "b", "c" }));
    }

    [Test]
    public async Task The_keys_of_a_list_are_its_indexes()
    {
        var run = await Run(Loop("[a, b, c]", "{processor: test_temporary, id: read, name: each.key}"));
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { 0L, 1L, 2L }));
    }

    [Test]
    public async Task A_map_gives_its_keys_and_values_in_order()
    {
        var keys = await Run(Loop("{x: 1, y: 2}", "{processor: test_temporary, id: read, name: each.key}"));
        var values = await Run(Loop("{x: 1, y: 2}", "{processor: test_temporary, id: read, name: each.val}"));
        Assert.That(keys.Value!.Data, Is.EqualTo(new List<object?> { "x", "y" }));
        Assert.That(values.Value!.Data, Is.EqualTo(new List<object?> { 1L, 2L }));
    }

    [Test]
    public async Task Key_name_and_value_name_choose_the_variable_names()
    {
        var run = await Run(Loop("{x: 1}",
            "{processor: concatenate, id: pair, items: [{processor: test_temporary, id: k, name: key}, '=', {processor: test_temporary, id: v, name: item}]}",
            "key_name: key\nvalue_name: item"));
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { "x=1" }));
    }

    [Test]
    public async Task Loop_variables_are_gone_after_the_loop_and_outer_values_come_back()
    {
        var run = await Run("""
            processor: for_each_item
            id: outer
            input: [outer_value]
            value_name: v
            process_loop:
              processor: sequential
              id: steps
              sequence:
                - processor: for_each_item
                  id: inner
                  input: [inner_value]
                  value_name: v
                  process_loop: {processor: test_temporary, id: read_inner, name: v}
                - {processor: test_temporary, id: read_outer, name: v}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { "outer_value" }));
        Assert.That(run.Temporary.ContainsKey("v"), Is.False);
        Assert.That(run.Temporary.ContainsKey("outer.key"), Is.False);
    }

    [Test]
    public async Task An_empty_input_never_runs_the_body()
    {
        var run = await Run(Loop("[]", "{processor: test_record, id: body}"));
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?>()));
        Assert.That(run.Recorder.Log, Is.Empty);
    }

    [Test]
    public async Task The_same_body_node_runs_once_per_item()
    {
        var run = await Run(Loop("[1, 2, 3]", "{processor: test_record, id: body}"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "body", "body", "body" }));
    }

    [Test]
    public async Task Results_that_are_arrays_nest()
    {
        var run = await Run(Loop("[[1, 2], [3]]", "{processor: test_temporary, id: read, name: each.val}"));
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { new List<object?> { 1L, 2L }, new List<object?> { 3L } }));
    }

    [Test]
    public async Task The_input_may_come_from_a_node()
    {
        var run = await Run(Loop("{processor: test_record, id: source, value: [7, 8]}",
            "{processor: test_temporary, id: read, name: each.val}"));
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { 7L, 8L }));
    }

    [Test]
    public async Task More_items_than_the_loop_limit_is_an_error()
    {
        var error = await RunFails(Loop("[1, 2, 3]", "{processor: test_record, id: body}"),
            new EvaluationOptions { MaxLoopIterations = 2 });
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 508, "each")));
    }

    private const string MissingInput = """
        processor: for_each_item
        id: each
        process_loop: {processor: test_record, id: body}
        """;

    private const string MissingProcessLoop = """
        processor: for_each_item
        id: each
        input: [1]
        """;

    [Test]
    public async Task Missing_input_is_rejected_at_publish_with_node_id()
    {
        IsMissingAtPublish(await RejectedWithTestProcessors(MissingInput), "each", "input");
    }

    [Test]
    public async Task Missing_input_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await RunUnvalidatedFails(MissingInput), "each", "input");
    }

    [Test]
    public async Task Missing_process_loop_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(MissingProcessLoop);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "each", "process_loop")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'each', input 'process_loop': Input 'process_loop' is required."));
    }

    [Test]
    public async Task Missing_process_loop_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await RunUnvalidatedFails(MissingProcessLoop), "each", "process_loop");
    }

    [TestCase("text", "input: not a list")]
    [TestCase("integer", "input: 5")]
    public async Task Input_that_is_not_an_array_is_rejected_at_publish_with_node_id(string type, string input)
    {
        var refused = await RejectedWithTestProcessors($$"""
            processor: for_each_item
            id: each
            {{input}}
            process_loop: {processor: test_record, id: body}
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "each", "input")));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 'each', input 'input': Input 'input' does not accept type {type}; allowed: array."));
    }

    [TestCase("text", "not a list")]
    [TestCase("integer", "5")]
    public async Task Input_computed_that_is_not_an_array_is_rejected_at_run_time_with_node_id(string type, string value)
    {
        var error = await RunFails(Loop($"{{processor: test_record, id: source, value: {value}}}", "{processor: test_record, id: body}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "each")));
        Assert.That(error.Message, Is.EqualTo($"Input 'input' does not accept type {type}; allowed: array. (node 'each')"));
    }

    [Test]
    public async Task A_key_name_of_the_wrong_type_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(Loop("[1]", "{processor: test_record, id: body}", "key_name: [a]"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "each", "key_name")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'each', input 'key_name': Input 'key_name' does not accept type array; allowed: text."));
    }

    [Test]
    public async Task A_key_name_computed_of_the_wrong_type_is_rejected_at_run_time_with_node_id()
    {
        var run = await Execute(Loop("[1]", "{processor: test_record, id: body}",
            "key_name: {processor: test_record, id: name_source, value: [a]}"));
        Assert.That(run.Error, Is.Not.Null);
        Assert.That((run.Error!.Code, run.Error.HttpStatus, run.Error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "each")));
        Assert.That(run.Error.Message, Is.EqualTo("Input 'key_name' does not accept type array; allowed: text. (node 'each')"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "name_source" }), "the body never runs");
    }
}
