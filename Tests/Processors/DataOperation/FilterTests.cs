using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class FilterTests
{
    private const string Users = "[{name: Ann, age: 31}, {name: Bob, age: 17}, {name: Cy}, {name: Di, age: 18}]";

    private static async Task<string> Filter(string values, string op, string rhs, string extra = "") => Json(await Run($"""
        processor: filter
        id: f
        values: {values}
        operator: "{op}"
        rhs: {rhs}
        {extra}
        """));

    [TestCase(">", "[5,9]")]
    [TestCase(">=", "[5,3,9]")]
    [TestCase("<", "[1]")]
    [TestCase("<=", "[1,3]")]
    [TestCase("==", "[3]")]
    [TestCase("!=", "[1,5,9]")]
    public async Task Each_operator_keeps_the_matching_items_in_order(string op, string expected)
    {
        Assert.That(await Filter("[1, 5, 3, 9]", op, "3"), Is.EqualTo(expected));
    }

    [Test]
    public async Task Key_compares_a_field_of_each_map_item()
    {
        Assert.That(await Filter(Users, ">=", "18", "key: age"),
            Is.EqualTo("""[{"name":"Ann","age":31},{"name":"Di","age":18}]"""));
    }

    [Test]
    public async Task A_missing_field_compares_as_undefined()
    {
        Assert.That(await Filter(Users, "==", "~", "key: age"), Is.EqualTo("""[{"name":"Cy"}]"""));
    }

    [Test]
    public async Task An_integer_key_reads_list_items_by_index()
    {
        Assert.That(await Filter("[[a, 1], [b, 2], [c]]", ">", "1", "key: 1"), Is.EqualTo("""[["b",2]]"""));
    }

    [Test]
    public async Task Strict_equality_compares_types_by_default()
    {
        Assert.That(await Filter("""[1, "1", 1.0]""", "==", "1"), Is.EqualTo("[1]"));
    }

    [Test]
    public async Task Loose_equality_compares_numbers_and_numeric_text()
    {
        Assert.That(await Filter("""[1, "1", 1.0, 2]""", "==", "1", "strict: false"), Is.EqualTo("""[1,"1",1.0]"""));
    }

    [Test]
    public async Task Text_orders_ordinally()
    {
        Assert.That(await Filter("[apple, Banana, cherry]", "<", "b"), Is.EqualTo("""["apple","Banana"]"""));
    }

    [Test]
    public async Task A_map_keeps_the_pairs_whose_value_matches()
    {
        Assert.That(await Filter("{a: 1, b: 5, c: 7}", ">", "2"), Is.EqualTo("""{"b":5,"c":7}"""));
    }

    [Test]
    public async Task Json_text_is_filtered_as_its_array()
    {
        var value = await DataOpsEngine.Run("""
            processor: filter
            id: f
            values:
              processor: test_json_text
              id: j
              value: '[3, 4, 5]'
            operator: "!="
            rhs: 4
            """);
        Assert.That(Json(value), Is.EqualTo("[3,5]"));
    }

    [Test]
    public async Task Nothing_matching_gives_an_empty_list()
    {
        Assert.That(await Filter("[1, 2]", ">", "5"), Is.EqualTo("[]"));
    }

    private static string Tree(string values = "[1]", string op = "\"==\"", string extra = "") => $"""
        processor: filter
        id: f
        values: {values}
        operator: {op}
        rhs: 1
        {extra}
        """;

    [Test]
    public async Task An_unknown_operator_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree(op: "\"=~\""));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "operator")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'operator': Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=."));
    }

    [Test]
    public async Task An_operator_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails(Tree(op: "{processor: var_str, id: op, value: \"=~\"}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=. (node 'f')"));
    }

    /// <summary>A filter of [1] by == 1 without the input <paramref name="missing"/>.</summary>
    private static string Without(string missing) =>
        Rejections.Without("filter", "f", missing, ("values", "[1]"), ("operator", "'=='"), ("rhs", "1"));

    [TestCase("values")]
    [TestCase("operator")]
    [TestCase("rhs")]
    public async Task Each_required_input_is_enforced_at_publish_with_node_id(string missing)
    {
        IsMissingAtPublish(await Rejected(Without(missing)), "f", missing);
    }

    [TestCase("values")]
    [TestCase("operator")]
    [TestCase("rhs")]
    public async Task Each_required_input_is_still_enforced_at_run_time_without_validation(string missing)
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(Without(missing)), "f", missing);
    }

    [Test]
    public async Task Text_values_are_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree(values: "abc"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "values")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'values': Input 'values' does not accept type text; allowed: array, json."));
    }

    [Test]
    public async Task Text_values_computed_at_run_time_are_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Tree(values: "{processor: var_str, id: text, value: abc}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo("Input 'values' does not accept type text; allowed: array, json. (node 'f')"));
    }

    [Test]
    public async Task Strict_that_is_not_a_boolean_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree(extra: "strict: 0"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "strict")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'strict': Input 'strict' does not accept type integer; allowed: boolean."));
    }

    [Test]
    public async Task Strict_computed_as_text_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails(Tree(extra: "strict: {processor: var_get, id: flag, key: strict}"), Get(("strict", "false")));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo("Input 'strict' does not accept type text; allowed: boolean. (node 'f')"));
    }

    [Test]
    public async Task A_list_key_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree(extra: "key: [a]"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "key")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'key': Input 'key' does not accept type array; allowed: text, integer."));
    }

    [Test]
    public async Task A_list_key_computed_at_run_time_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Tree(extra: "key: {processor: var_collection, id: keys, items: [a]}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo("Input 'key' does not accept type array; allowed: text, integer. (node 'f')"));
    }
}
