using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
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

    [Test]
    public async Task An_unknown_operator_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: filter
            id: f
            values: [1]
            operator: "=~"
            rhs: 1
            """);
        IsInvalidInput(error, "f", "Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=");
    }

    [TestCase("values")]
    [TestCase("operator")]
    [TestCase("rhs")]
    public async Task Each_required_input_is_enforced_with_node_id(string missing)
    {
        var inputs = new Dictionary<string, string> { ["values"] = "[1]", ["operator"] = "'=='", ["rhs"] = "1" };
        inputs.Remove(missing);
        var error = await RunFails("processor: filter\nid: f\n" + string.Join("\n", inputs.Select(i => $"{i.Key}: {i.Value}")));
        IsInvalidInput(error, "f", $"Required input '{missing}' is missing in node 'f'.");
    }

    [Test]
    public async Task Text_values_are_rejected_by_type()
    {
        var error = await RunFails("""
            processor: filter
            id: f
            values: abc
            operator: "=="
            rhs: 1
            """);
        IsInvalidInput(error, "f", "Input 'values' does not accept type text");
    }

    [Test]
    public async Task Strict_must_be_a_boolean()
    {
        var error = await RunFails("""
            processor: filter
            id: f
            values: [1]
            operator: "=="
            rhs: 1
            strict: 0
            """);
        IsInvalidInput(error, "f", "Input 'strict' does not accept type integer");
    }

    [Test]
    public async Task A_list_key_is_rejected_by_type()
    {
        var error = await RunFails("""
            processor: filter
            id: f
            values: [1]
            operator: "=="
            rhs: 1
            key: [a]
            """);
        IsInvalidInput(error, "f", "Input 'key' does not accept type array");
    }
}
