using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.DataOps.DataOpsEngine;

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

    [Test]
    public async Task A_missing_process_loop_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: map
            id: m
            values: [1]
            """);
        IsInvalidInput(error, "m", "Required input 'process_loop' is missing in node 'm'.");
    }

    [Test]
    public async Task Missing_values_are_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: map
            id: m
            process_loop:
              processor: test_temporary_fetch
              id: i
              key: item
            """);
        IsInvalidInput(error, "m", "Required input 'values' is missing in node 'm'.");
    }

    [Test]
    public async Task Number_values_are_rejected_by_type()
    {
        var error = await RunFails("""
            processor: map
            id: m
            values: 5
            process_loop:
              processor: test_temporary_fetch
              id: i
              key: item
            """);
        IsInvalidInput(error, "m", "Input 'values' does not accept type integer");
    }

    [Test]
    public async Task Item_name_must_be_text()
    {
        var error = await RunFails("""
            processor: map
            id: m
            values: [1]
            item_name: 5
            process_loop:
              processor: test_temporary_fetch
              id: i
              key: item
            """);
        IsInvalidInput(error, "m", "Input 'item_name' does not accept type integer");
    }
}
