using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class SortTests
{
    private static async Task<string> Sort(string values, string extra = "") => Json(await Run($"""
        processor: sort
        id: s
        values: {values}
        {extra}
        """));

    [Test]
    public async Task A_list_sorts_by_value_ascending_by_default()
    {
        Assert.That(await Sort("[3, 1, 2]"), Is.EqualTo("[1,2,3]"));
    }

    [Test]
    public async Task A_list_sorts_descending()
    {
        Assert.That(await Sort("[3, 1, 2]", "direction: desc"), Is.EqualTo("[3,2,1]"));
    }

    [Test]
    public async Task Numbers_sort_numerically_integers_and_floats_together()
    {
        Assert.That(await Sort("[10, 9.5, 100, -1, 2]"), Is.EqualTo("[-1,2,9.5,10,100]"));
    }

    [Test]
    public async Task Text_sorts_ordinally()
    {
        Assert.That(await Sort("""["b", "B", "a", "10", "9"]"""), Is.EqualTo("""["10","9","B","a","b"]"""));
    }

    [Test]
    public async Task Mixed_types_order_undefined_booleans_numbers_text_lists_maps()
    {
        Assert.That(await Sort("""[{a: 1}, "x", [1], 2, true, ~, false]"""),
            Is.EqualTo("""[null,false,true,2,"x",[1],{"a":1}]"""));
    }

    [Test]
    public async Task Sorting_is_stable_in_both_directions()
    {
        Assert.That(await Sort("[1, 1.0, 0]"), Is.EqualTo("[0,1,1.0]"));
        Assert.That(await Sort("[1.0, 1, 0]"), Is.EqualTo("[0,1.0,1]"));
        Assert.That(await Sort("[1.0, 1, 2]", "direction: desc"), Is.EqualTo("[2,1.0,1]"));
        Assert.That(await Sort("{x: 1, y: 0, z: 1.0}", "sort_by: value"), Is.EqualTo("""{"y":0,"x":1,"z":1.0}"""));
        Assert.That(await Sort("{z: 1.0, y: 0, x: 1}", "sort_by: value"), Is.EqualTo("""{"y":0,"z":1.0,"x":1}"""));
    }

    [Test]
    public async Task A_list_sorted_by_key_keeps_its_order_ascending_and_reverses_descending()
    {
        Assert.That(await Sort("[3, 1, 2]", "sort_by: key"), Is.EqualTo("[3,1,2]"));
        Assert.That(await Sort("[3, 1, 2]", "sort_by: key\ndirection: desc"), Is.EqualTo("[2,1,3]"));
    }

    [Test]
    public async Task A_map_sorts_by_key_by_default_keeping_pairs()
    {
        Assert.That(await Sort("{b: 1, c: 3, a: 2}"), Is.EqualTo("""{"a":2,"b":1,"c":3}"""));
        Assert.That(await Sort("{b: 1, c: 3, a: 2}", "direction: desc"), Is.EqualTo("""{"c":3,"b":1,"a":2}"""));
    }

    [Test]
    public async Task Numeric_map_keys_sort_numerically()
    {
        Assert.That(await Sort("""{"10": a, "9": b, "x": c}"""), Is.EqualTo("""{"9":"b","10":"a","x":"c"}"""));
    }

    [Test]
    public async Task A_map_sorts_by_value_keeping_pairs()
    {
        Assert.That(await Sort("{b: 1, c: 3, a: 2}", "sort_by: value"), Is.EqualTo("""{"b":1,"a":2,"c":3}"""));
        Assert.That(await Sort("{b: 1, c: 3, a: 2}", "sort_by: value\ndirection: desc"), Is.EqualTo("""{"c":3,"a":2,"b":1}"""));
    }

    [Test]
    public async Task Values_given_by_nodes_are_sorted_as_a_list()
    {
        var value = await Sort("""

              - processor: var_str
                id: one
                value: pear
              - apple
            """);
        Assert.That(value, Is.EqualTo("""["apple","pear"]"""));
    }

    [Test]
    public async Task A_single_list_value_sorts_its_items_and_json_text_is_read()
    {
        var fromJson = await DataOpsEngine.Run("""
            processor: sort
            id: s
            values:
              processor: test_json_text
              id: j
              value: '{"b": 2, "a": 1}'
            """);
        Assert.That(Json(fromJson), Is.EqualTo("""{"a":1,"b":2}"""));
    }

    [Test]
    public async Task The_input_list_is_not_changed()
    {
        var value = await Run("""
            processor: merge
            id: both
            sources:
              - processor: sort
                id: s
                values:
                  processor: merge
                  id: source
                  sources: [[3, 1], [2]]
              - [9]
            """);
        Assert.That(Json(value), Is.EqualTo("[1,2,3,9]"));
    }

    [Test]
    public async Task Absent_values_give_an_empty_list()
    {
        Assert.That(Json(await Run("""
            processor: sort
            id: s
            direction: asc
            """)), Is.EqualTo("[]"));
    }

    private static string Tree(string extra) => $"""
        processor: sort
        id: s
        values: [1]
        {extra}
        """;

    [TestCase("direction: up", "direction", "up", "asc, desc")]
    [TestCase("sort_by: length", "sort_by", "length", "key, value")]
    public async Task An_option_outside_its_allowed_values_is_refused_at_publish_with_node_id(string extra, string input, string value, string allowed)
    {
        var refused = await Rejected(Tree(extra));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "s", input)));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 's', input '{input}': Input '{input}' does not accept the value '{value}'; allowed: {allowed}."));
    }

    [TestCase("direction", "sideways", "asc, desc")]
    [TestCase("sort_by", "length", "key, value")]
    public async Task An_option_computed_outside_its_allowed_values_is_rejected_at_run_time_with_node_id(string input, string value, string allowed)
    {
        var error = await RunFails(Tree($"{input}: {{processor: var_get, id: wanted, key: {input}}}"), Get((input, value)));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "s")));
        Assert.That(error.Message, Is.EqualTo($"Input '{input}' does not accept the value '{value}'; allowed: {allowed}. (node 's')"));
    }

    [Test]
    public async Task A_direction_that_is_not_text_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("direction: 1"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "s", "direction")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 's', input 'direction': Input 'direction' does not accept type integer; allowed: text."));
    }

    [Test]
    public async Task A_direction_computed_at_run_time_that_is_not_text_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Tree("direction: {processor: var_int, id: one, value: 1}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "s")));
        Assert.That(error.Message, Is.EqualTo("Input 'direction' does not accept type integer; allowed: text. (node 's')"));
    }

    [Test]
    public async Task A_json_scalar_is_rejected()
    {
        var error = await DataOpsEngine.RunFails("""
            processor: sort
            id: s
            values:
              processor: test_json_text
              id: j
              value: '5'
            """);
        IsInvalidInput(error, "s", "Input 'values' must be a list or a map, got json");
    }
}
