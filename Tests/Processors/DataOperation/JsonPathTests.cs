using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class JsonPathTests
{
    private const string Store = """
        '{"store": {"book": [{"title": "Sword of Honour", "price": 12.99, "tags": ["war"]},
                             {"title": "Moby Dick", "price": 8, "tags": []}],
                    "bicycle": {"color": "red", "price": 19.95}},
          "when": "2020-01-02T03:04:05Z"}'
        """;

    private static Task<DataContainer> OnJson(string expression, string extra = "") => DataOpsEngine.Run($"""
        processor: json_path
        id: p
        data:
          processor: test_json_text
          id: j
          value: {Store.Replace("\n", "\n    ")}
        expression: "{expression}"
        {extra}
        """);

    [Test]
    public async Task Get_with_a_definite_path_returns_the_value_with_its_type()
    {
        var price = await OnJson("$.store.bicycle.price");
        Assert.That(price.Type, Is.EqualTo(DataType.Float));
        Assert.That(price.Data, Is.EqualTo(19.95));
        var title = await OnJson("$.store.book[1].title");
        Assert.That(title.Data, Is.EqualTo("Moby Dick"));
        var book = await OnJson("$.store.book[1]");
        Assert.That(Json(book), Is.EqualTo("""{"title":"Moby Dick","price":8,"tags":[]}"""));
    }

    [Test]
    public async Task Get_keeps_date_like_text_as_text()
    {
        var when = await OnJson("$.when");
        Assert.That(when.Type, Is.EqualTo(DataType.Text));
        Assert.That(when.Data, Is.EqualTo("2020-01-02T03:04:05Z"));
    }

    [Test]
    public async Task Get_with_a_definite_path_that_matches_nothing_is_undefined()
    {
        var value = await OnJson("$.store.boat");
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Get_with_wildcards_filters_or_descent_returns_the_list_of_matches()
    {
        Assert.That(Json(await OnJson("$..price")), Is.EqualTo("[12.99,8,19.95]"));
        Assert.That(Json(await OnJson("$.store.book[*].title")), Is.EqualTo("""["Sword of Honour","Moby Dick"]"""));
        Assert.That(Json(await OnJson("$.store.book[?(@.price < 10)].title")), Is.EqualTo("""["Moby Dick"]"""));
        Assert.That(Json(await OnJson("$.store.book[?(@.price > 100)]")), Is.EqualTo("[]"));
    }

    [Test]
    public async Task Get_works_on_array_data()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {users: [{name: Ann}, {name: Bob}]}
            expression: "$.users[1].name"
            """);
        Assert.That(value.Data, Is.EqualTo("Bob"));
    }

    [Test]
    public async Task Set_replaces_every_match_and_keeps_json_data_json()
    {
        var value = await OnJson("$.store.book[*].price", "operation: set\nvalue: 1");
        Assert.That(value.Type, Is.EqualTo(DataType.Json));
        Assert.That(value.Data as string, Does.Contain("""{"title":"Sword of Honour","price":1,"tags":["war"]}"""));
        Assert.That(value.Data as string, Does.Contain("""{"title":"Moby Dick","price":1,"tags":[]}"""));
    }

    [Test]
    public async Task Set_on_array_data_returns_a_changed_copy_and_leaves_the_input_alone()
    {
        var value = await Run("""
            processor: merge
            id: both
            sources:
              - processor: json_path
                id: p
                data: {a: 1, b: {c: 2}}
                expression: "$.b.c"
                operation: set
                value: [x, y]
              - {a: 1, b: {c: 2}}
            merge_type: intersect
            """);
        Assert.That(Json(value), Is.EqualTo("""{"a":1,"b":{"c":["x","y"]}}"""));
    }

    [Test]
    public async Task Set_inserts_json_text_as_its_value()
    {
        var value = await DataOpsEngine.Run("""
            processor: json_path
            id: p
            data: {a: 1}
            expression: "$.a"
            operation: set
            value:
              processor: test_json_text
              id: v
              value: '{"deep": true}'
            """);
        Assert.That(Json(value), Is.EqualTo("""{"a":{"deep":true}}"""));
    }

    [Test]
    public async Task Set_on_the_root_replaces_the_data()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {a: 1}
            expression: "$"
            operation: set
            value: 5
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Integer));
        Assert.That(value.Data, Is.EqualTo(5L));
    }

    [Test]
    public async Task Set_that_matches_nothing_leaves_the_data_unchanged()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {a: 1}
            expression: "$.b"
            operation: set
            value: 5
            """);
        Assert.That(Json(value), Is.EqualTo("""{"a":1}"""));
    }

    [Test]
    public async Task Add_appends_to_matched_lists()
    {
        var value = await OnJson("$.store.book[*].tags", "operation: add\nvalue: classic");
        Assert.That(value.Data as string, Does.Contain("""["war","classic"]"""));
        Assert.That(value.Data as string, Does.Contain("\"price\":8,\"tags\":[\"classic\"]"));
    }

    [Test]
    public async Task Add_with_field_name_stores_the_value_in_matched_maps()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {users: [{name: Ann}, {name: Bob}]}
            expression: "$.users[*]"
            operation: add
            field_name: active
            value: true
            """);
        Assert.That(Json(value), Is.EqualTo("""{"users":[{"name":"Ann","active":true},{"name":"Bob","active":true}]}"""));
    }

    [Test]
    public async Task Add_to_a_map_without_field_name_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("{a: {b: 1}}", "$.a", "operation: add\nvalue: 1");
        IsInvalidInput(error, "p", "Adding to the map at $.a needs a field_name.");
    }

    [Test]
    public async Task Add_to_a_scalar_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("{a: 1}", "$.a", "operation: add\nvalue: 1");
        IsInvalidInput(error, "p", "Cannot add to the integer value at $.a");
    }

    [Test]
    public async Task Add_with_field_name_to_a_list_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("{a: [1]}", "$.a", "operation: add\nvalue: 1\nfield_name: x");
        IsInvalidInput(error, "p", "Cannot add field 'x' to the list at $.a");
    }

    [Test]
    public async Task Remove_without_field_name_removes_the_matches()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {items: [1, 2, 3, 4], keep: true, drop: false}
            expression: "$.items[?(@ > 2)]"
            operation: remove
            """);
        Assert.That(Json(value), Is.EqualTo("""{"items":[1,2],"keep":true,"drop":false}"""));
        var property = await Run("""
            processor: json_path
            id: p
            data: {keep: true, drop: false}
            expression: "$.drop"
            operation: remove
            """);
        Assert.That(Json(property), Is.EqualTo("""{"keep":true}"""));
    }

    [Test]
    public async Task Remove_with_field_name_removes_that_key_from_matched_maps()
    {
        var value = await OnJson("$.store.book[*]", "operation: remove\nfield_name: tags");
        Assert.That(value.Data as string, Does.Not.Contain("tags"));
        Assert.That(value.Data as string, Does.Contain("\"title\":\"Moby Dick\""));
    }

    [Test]
    public async Task Remove_of_the_root_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("{a: 1}", "$", "operation: remove");
        IsInvalidInput(error, "p", "Cannot remove the root of the data");
    }

    [TestCase("set")]
    [TestCase("add")]
    public async Task Set_and_add_need_a_value(string operation)
    {
        var error = await Run_fails_on_data("{a: []}", "$.a", $"operation: {operation}");
        IsInvalidInput(error, "p", $"Operation {operation} needs a value.");
    }

    [TestCase("$.a[?(@.b ==")]
    [TestCase("$[")]
    [TestCase("$['a")]
    [TestCase("$.a[?(@.b == 'x')")]
    [TestCase("$.a[1:2:0]")]
    [TestCase("$.a)")]
    public async Task An_invalid_expression_is_rejected_with_node_id(string expression)
    {
        var error = await Run_fails_on_data("{a: [{b: 1}]}", expression, "");
        IsInvalidInput(error, "p", $"Invalid JSONPath expression '{expression}'");
    }

    [Test]
    public async Task Malformed_json_data_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("'{\"a\": '", "$.a", "");
        IsInvalidInput(error, "p", "Input 'data' is not valid JSON");
        var duplicate = await Run_fails_on_data("'{\"a\": 1, \"a\": 2}'", "$.a", "");
        IsInvalidInput(duplicate, "p", "Input 'data' is not valid JSON");
    }

    [TestCase("data", "processor: json_path\nid: p\nexpression: $.a")]
    [TestCase("expression", "processor: json_path\nid: p\ndata: {a: 1}")]
    public async Task Missing_data_or_expression_is_refused_at_publish_with_node_id(string missing, string tree)
    {
        IsMissingAtPublish(await Rejected(tree), "p", missing);
    }

    [TestCase("data", "processor: json_path\nid: p\nexpression: $.a")]
    [TestCase("expression", "processor: json_path\nid: p\ndata: {a: 1}")]
    public async Task Missing_data_or_expression_is_still_refused_at_run_time_without_validation(string missing, string tree)
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(tree), "p", missing);
    }

    [Test]
    public async Task An_unknown_operation_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("{a: 1}", "$.a", "operation: rename"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "p", "operation")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'p', input 'operation': Input 'operation' does not accept the value 'rename'; allowed: get, set, add, remove."));
    }

    [Test]
    public async Task An_operation_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await Run_fails_on_data("{a: 1}", "$.a", "operation: {processor: var_str, id: op, value: rename}");
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'operation' does not accept the value 'rename'; allowed: get, set, add, remove. (node 'p')"));
    }

    [Test]
    public async Task Number_data_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("5", "$", ""));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "p", "data")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'p', input 'data': Input 'data' does not accept type integer; allowed: json, array, text."));
    }

    [Test]
    public async Task Number_data_computed_at_run_time_is_rejected_with_node_id()
    {
        var error = await Run_fails_on_data("{processor: var_int, id: five, value: 5}", "$", "");
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
        Assert.That(error.Message, Is.EqualTo("Input 'data' does not accept type integer; allowed: json, array, text. (node 'p')"));
    }

    [Test]
    public async Task Compatibility_flags_are_accepted_and_change_nothing()
    {
        var value = await Run("""
            processor: json_path
            id: p
            data: {a: "x\"y"}
            expression: "$.a"
            remove_wrapping_quotes: true
            stripslashes: true
            """);
        Assert.That(value.Data, Is.EqualTo("x\"y"));
    }

    private static Task<ApiException> Run_fails_on_data(string data, string expression, string extra) =>
        RunUnvalidatedFails(Tree(data, expression, extra));

    private static string Tree(string data, string expression, string extra) => $"""
        processor: json_path
        id: p
        data: {data}
        expression: "{expression}"
        {extra}
        """;
}
