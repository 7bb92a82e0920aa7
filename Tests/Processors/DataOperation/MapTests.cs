using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.DataOps.DataOpsEngine;
using static ApiStudio.Tests.Support.Rejections;

namespace ApiStudio.Tests.Processors.DataOperation;

public class MapTests
{
    [Test]
    public async Task Each_list_item_is_mapped_through_the_sub_tree_in_order()
    {
        var value = await Run("""
            processor: map
            id: m
            values: [a, b, c]
            process_loop:
              processor: concatenate
              id: label
              items:
                - processor: test_temporary_fetch
                  id: k
                  key: key
                - "="
                - processor: test_temporary_fetch
                  id: i
                  key: item
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(Json(value), Is.EqualTo("""["0=a","1=b","2=c"]"""));
    }

    [Test]
    public async Task A_map_is_mapped_to_a_map_of_the_same_keys()
    {
        var value = await Run("""
            processor: map
            id: m
            values: {x: 1, y: 2}
            process_loop:
              processor: concatenate
              id: label
              items:
                - processor: test_temporary_fetch
                  id: k
                  key: key
                - processor: test_temporary_fetch
                  id: i
                  key: item
            """);
        Assert.That(Json(value), Is.EqualTo("""{"x":"x1","y":"y2"}"""));
    }

    [Test]
    public async Task Item_and_key_names_can_be_chosen_and_results_keep_their_types()
    {
        var value = await Run("""
            processor: map
            id: m
            values: [{n: 1}, {n: 2}]
            item_name: row
            key_name: index
            process_loop:
              processor: var_collection
              id: pair
              items:
                - processor: test_temporary_fetch
                  id: i
                  key: index
                - processor: test_temporary_fetch
                  id: r
                  key: row
            """);
        Assert.That(Json(value), Is.EqualTo("""[[0,{"n":1}],[1,{"n":2}]]"""));
    }

    [Test]
    public async Task Nested_maps_with_their_own_names_see_both_items_and_restore_variables()
    {
        var value = await Run("""
            processor: map
            id: outer
            values: [1, 2]
            item_name: row
            process_loop:
              processor: map
              id: inner
              values: [a, b]
              process_loop:
                processor: concatenate
                id: cell
                items:
                  - processor: test_temporary_fetch
                    id: r
                    key: row
                  - processor: test_temporary_fetch
                    id: c
                    key: item
            """);
        Assert.That(Json(value), Is.EqualTo("""[["1a","1b"],["2a","2b"]]"""));
    }

    [Test]
    public async Task Loop_variables_are_removed_afterwards()
    {
        var value = await Run("""
            processor: merge
            id: both
            sources:
              - processor: map
                id: m
                values: [1]
                process_loop:
                  processor: test_temporary_fetch
                  id: inside
                  key: item
              - - processor: test_temporary_fetch
                  id: after
                  key: item
            """);
        Assert.That(Json(value), Is.EqualTo("[1,null]"));
    }

    [Test]
    public async Task An_empty_list_maps_to_an_empty_list_without_evaluating()
    {
        var value = await Run("""
            processor: map
            id: m
            values: []
            process_loop:
              processor: replace
              id: never
              haystack: x
              needle: ""
              value: y
            """);
        Assert.That(Json(value), Is.EqualTo("[]"));
    }

    [Test]
    public async Task The_iteration_limit_bounds_the_loop()
    {
        var error = await RunFails("""
            processor: map
            id: m
            values: [1, 2, 3]
            process_loop:
              processor: test_temporary_fetch
              id: i
              key: item
            """, new EvaluationOptions { MaxLoopIterations = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(error.ProcessorId, Is.EqualTo("m"));
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
            Assert.That(error.HttpStatus, Is.EqualTo(508));
            Assert.That(error.Message, Does.Contain("exceeded 2 iterations"));
        });
    }

    [Test]
    public async Task An_error_inside_the_sub_tree_names_the_inner_node()
    {
        var error = await RunFails("""
            processor: map
            id: m
            values: [a]
            process_loop:
              processor: replace
              id: bad
              haystack: x
              needle: ""
              value: y
            """);
        IsInvalidInput(error, "bad", "Input 'needle' must not be empty.");
    }

    [Test]
    public async Task Json_text_is_mapped_as_its_array()
    {
        var value = await Run("""
            processor: map
            id: m
            values:
              processor: test_json_text
              id: j
              value: '[true]'
            process_loop:
              processor: test_temporary_fetch
              id: i
              key: item
            """);
        Assert.That(Json(value), Is.EqualTo("[true]"));
    }

    [TestCase("[{processor: test_temporary_fetch, id: i, key: item}]")]
    [TestCase("5")]
    public async Task A_process_loop_that_is_not_a_node_is_refused_at_publish_with_node_id(string body)
    {
        // A list (even of nodes) is a literal: the body must be one processor node.
        var refused = await RejectedWithTestProcessors($"""
            processor: map
            id: m
            values: [1]
            process_loop: {body}
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "process_loop")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'process_loop': Input 'process_loop' must be a processor node, not a literal."));
    }

    private const string MissingProcessLoop = """
        processor: map
        id: m
        values: [1]
        """;

    [Test]
    public async Task A_missing_process_loop_is_refused_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(MissingProcessLoop);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "process_loop")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'process_loop': Input 'process_loop' is required."));
    }

    [Test]
    public async Task A_missing_process_loop_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingProcessLoop), "m", "process_loop");
    }

    private const string MissingValues = """
        processor: map
        id: m
        process_loop:
          processor: test_temporary_fetch
          id: i
          key: item
        """;

    [Test]
    public async Task Missing_values_are_refused_at_publish_with_node_id()
    {
        IsMissingAtPublish(await RejectedWithTestProcessors(MissingValues), "m", "values");
    }

    [Test]
    public async Task Missing_values_are_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingValues), "m", "values");
    }

    private static string Loop(string values, string extra = "") => $"""
        processor: map
        id: m
        values: {values}
        {extra}
        process_loop:
          processor: test_temporary_fetch
          id: i
          key: item
        """;

    [Test]
    public async Task Number_values_are_refused_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(Loop("5"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "values")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'values': Input 'values' does not accept type integer; allowed: array, json."));
    }

    [Test]
    public async Task Number_values_computed_at_run_time_are_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Loop("{processor: var_int, id: five, value: 5}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "m")));
        Assert.That(error.Message, Is.EqualTo("Input 'values' does not accept type integer; allowed: array, json. (node 'm')"));
    }

    [Test]
    public async Task An_item_name_that_is_not_text_is_refused_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(Loop("[1]", "item_name: 5"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "item_name")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'item_name': Input 'item_name' does not accept type integer; allowed: text."));
    }

    [Test]
    public async Task An_item_name_computed_at_run_time_that_is_not_text_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Loop("[1]", "item_name: {processor: var_int, id: five, value: 5}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "m")));
        Assert.That(error.Message, Is.EqualTo("Input 'item_name' does not accept type integer; allowed: text. (node 'm')"));
    }
}
