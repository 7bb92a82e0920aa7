using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class MergeTests
{
    private static Task<DataContainer> Merge(string sources, string extra = "") => Run(Tree(sources, extra));

    private static string Tree(string sources, string extra = "") => $"""
        processor: merge
        id: m
        sources: {sources}
        {extra}
        """;

    [Test]
    public async Task Union_of_lists_appends_items_in_order_by_default()
    {
        var value = await Merge("[[1, 2], [2, 3], [4]]");
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(Json(value), Is.EqualTo("[1,2,2,3,4]"));
    }

    [Test]
    public async Task Union_with_unique_keeps_the_first_occurrence()
    {
        var value = await Merge("[[3, 1, 2], [2, 3, 4]]", "unique: true");
        Assert.That(Json(value), Is.EqualTo("[3,1,2,4]"));
    }

    [Test]
    public async Task Unique_treats_values_of_different_types_as_different()
    {
        var value = await Merge("""[[1, "1", 1.0], [1, true]]""", "unique: true");
        Assert.That(Json(value), Is.EqualTo("""[1,"1",1.0,true]"""));
    }

    [Test]
    public async Task Intersect_of_lists_keeps_items_of_the_first_found_in_all_others()
    {
        var value = await Merge("[[1, 2, 3, 4], [4, 3, 2], [2, 4, 9]]", "merge_type: intersect");
        Assert.That(Json(value), Is.EqualTo("[2,4]"));
    }

    [Test]
    public async Task Intersect_compares_lists_and_maps_by_content()
    {
        var value = await Merge("[[[1, 2], {a: 1}, 3], [{a: 1}, [1, 2]]]", "merge_type: intersect");
        Assert.That(Json(value), Is.EqualTo("""[[1,2],{"a":1}]"""));
    }

    [Test]
    public async Task Difference_of_lists_keeps_items_found_on_one_side_only()
    {
        var value = await Merge("[[1, 2, 3], [3, 4]]", "merge_type: difference");
        Assert.That(Json(value), Is.EqualTo("[1,2,4]"));
    }

    [Test]
    public async Task Union_of_maps_lets_later_values_replace_earlier_ones_in_place()
    {
        var value = await Merge("[{a: 1, b: 2}, {b: 20, c: 3}]");
        Assert.That(Json(value), Is.EqualTo("""{"a":1,"b":20,"c":3}"""));
    }

    [Test]
    public async Task Intersect_of_maps_keeps_pairs_of_the_first_whose_key_is_in_every_other()
    {
        var value = await Merge("[{a: 1, b: 2, c: 3}, {b: 0, c: 0}, {c: 0, b: 9}]", "merge_type: intersect");
        Assert.That(Json(value), Is.EqualTo("""{"b":2,"c":3}"""));
    }

    [Test]
    public async Task Difference_of_maps_keeps_pairs_whose_key_is_on_one_side_only()
    {
        var value = await Merge("[{a: 1, b: 2}, {b: 0, c: 3}]", "merge_type: difference");
        Assert.That(Json(value), Is.EqualTo("""{"a":1,"c":3}"""));
    }

    [Test]
    public async Task Unique_on_maps_drops_pairs_repeating_an_earlier_value()
    {
        var value = await Merge("[{a: 1, b: 2}, {c: 1, d: 3}]", "unique: true");
        Assert.That(Json(value), Is.EqualTo("""{"a":1,"b":2,"d":3}"""));
    }

    [Test]
    public async Task Reset_keys_turns_a_map_result_into_the_list_of_its_values()
    {
        var value = await Merge("[{a: 1}, {b: 2}]", "reset_keys: true");
        Assert.That(Json(value), Is.EqualTo("[1,2]"));
    }

    [Test]
    public async Task Reset_keys_leaves_a_list_result_a_list()
    {
        var value = await Merge("[[1], [2]]", "reset_keys: true");
        Assert.That(Json(value), Is.EqualTo("[1,2]"));
    }

    [Test]
    public async Task Scalars_count_as_lists_of_one_item()
    {
        var value = await Merge("""[5, "[6, 7]", [8]]""");
        Assert.That(Json(value), Is.EqualTo("""[5,"[6, 7]",8]"""));
    }

    [Test]
    public async Task Json_sources_are_read_as_their_arrays()
    {
        var value = await DataOpsEngine.Run("""
            processor: merge
            id: m
            sources:
              - processor: test_json_text
                id: j1
                value: '{"a": 1}'
              - processor: test_json_text
                id: j2
                value: '{"b": [2]}'
            """);
        Assert.That(Json(value), Is.EqualTo("""{"a":1,"b":[2]}"""));
    }

    [Test]
    public async Task Malformed_json_source_is_rejected_with_node_id()
    {
        var error = await DataOpsEngine.RunFails("""
            processor: merge
            id: m
            sources:
              - [1]
              - processor: test_json_text
                id: j
                value: '[1,'
            """);
        IsInvalidInput(error, "m", "Input 'sources' is not valid JSON");
    }

    [Test]
    public async Task Sources_built_by_nodes_are_merged()
    {
        var value = await Merge("""
            
              - [a]
              - - processor: var_str
                  id: s
                  value: b
            """);
        Assert.That(Json(value), Is.EqualTo("""["a","b"]"""));
    }

    [Test]
    public async Task A_null_source_counts_as_an_empty_list()
    {
        var value = await Merge("[[1], ~]");
        Assert.That(Json(value), Is.EqualTo("[1]"));
    }

    [Test]
    public async Task The_inputs_are_not_changed()
    {
        var value = await Run("""
            processor: merge
            id: outer
            sources:
              - processor: merge
                id: inner
                sources: [[2, 1], [3]]
              - [4]
            merge_type: union
            """);
        Assert.That(Json(value), Is.EqualTo("[2,1,3,4]"));
    }

    [Test]
    public async Task Mixing_lists_and_maps_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: merge
            id: m
            sources: [[1], {a: 1}]
            """);
        IsInvalidInput(error, "m", "mixes lists and maps");
    }

    private const string MissingSources = """
        processor: merge
        id: m
        merge_type: union
        """;

    [Test]
    public async Task Missing_sources_are_refused_at_publish_with_node_id()
    {
        IsMissingAtPublish(await Rejected(MissingSources), "m", "sources");
    }

    [Test]
    public async Task Missing_sources_are_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingSources), "m", "sources");
    }

    [Test]
    public async Task A_single_source_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("[[1, 2]]"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "sources")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'sources': Input 'sources' takes [2, *] values, got 1."));
    }

    [Test]
    public async Task A_node_giving_a_single_source_breaks_the_cardinality_at_run_time_with_node_id()
    {
        var error = await RunFails(Tree("{processor: var_collection, id: one, items: [[1, 2]]}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "m")));
        Assert.That(error.Message, Is.EqualTo("Input 'sources' takes [2, *] values, got 1. (node 'm')"));
    }

    [Test]
    public async Task An_unknown_merge_type_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("[[1], [2]]", "merge_type: join"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", "merge_type")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'm', input 'merge_type': Input 'merge_type' does not accept the value 'join'; allowed: union, intersect, difference."));
    }

    [Test]
    public async Task A_merge_type_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails(Tree("[[1], [2]]", "merge_type: {processor: var_get, id: how, key: how}"), Get(("how", "join")));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "m")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'merge_type' does not accept the value 'join'; allowed: union, intersect, difference. (node 'm')"));
    }

    [TestCase("unique: \"yes\"", "unique", "text", "boolean")]
    [TestCase("reset_keys: 1", "reset_keys", "integer", "boolean")]
    [TestCase("merge_type: 5", "merge_type", "integer", "text")]
    public async Task Options_of_the_wrong_type_are_refused_at_publish_with_node_id(string extra, string input, string type, string allowed)
    {
        var refused = await Rejected(Tree("[{a: 1}, {b: 2}]", extra));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "m", input)));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 'm', input '{input}': Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [TestCase("unique: {processor: var_str, id: source, value: \"yes\"}", "unique", "text", "boolean")]
    [TestCase("reset_keys: {processor: var_int, id: source, value: 1}", "reset_keys", "integer", "boolean")]
    [TestCase("merge_type: {processor: var_int, id: source, value: 5}", "merge_type", "integer", "text")]
    public async Task Options_computed_of_the_wrong_type_are_rejected_at_run_time_with_node_id(string extra, string input, string type, string allowed)
    {
        var error = await RunUnvalidatedFails(Tree("[{a: 1}, {b: 2}]", extra));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "m")));
        Assert.That(error.Message, Is.EqualTo($"Input '{input}' does not accept type {type}; allowed: {allowed}. (node 'm')"));
    }

    [Test]
    public async Task Null_options_mean_their_defaults()
    {
        var value = await Merge("[[1], [1]]", "merge_type: ~\nunique: ~\nreset_keys: ~");
        Assert.That(Json(value), Is.EqualTo("[1,1]"));
    }
}
