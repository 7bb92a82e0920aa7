using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Math;

public class MathTests
{
    [Test]
    public async Task A_formula_with_variables_is_evaluated()
    {
        var value = await Run("""
            processor: math
            id: f
            formula: 3*x^2 - 4*y + 3/y
            variables: {x: -4, y: 8}
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Float));
        Assert.That(value.Data, Is.EqualTo(16.375));
    }

    [Test]
    public async Task An_exact_integer_result_is_an_integer()
    {
        var value = await Run("""
            processor: math
            id: f
            formula: (a + b) / 2
            variables: {a: 3, b: 5}
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Integer));
        Assert.That(value.Data, Is.EqualTo(4L));
    }

    [Test]
    public async Task A_formula_without_variables_needs_none()
    {
        var value = await Run("""
            processor: math
            id: f
            formula: "-2^2 + round(7 / 2)"
            """);
        Assert.That(value.Data, Is.EqualTo(0L));
    }

    [Test]
    public async Task Variables_and_formula_may_come_from_nodes()
    {
        var value = await Run("""
            processor: math
            id: f
            formula:
              processor: var_str
              id: text
              value: price * qty
            variables:
              price:
                processor: var_str
                id: p
                value: "2.5"
              qty: 4
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Float));
        Assert.That(value.Data, Is.EqualTo(10.0));
    }

    [Test]
    public async Task Json_variables_are_read_as_a_map()
    {
        var value = await DataOpsEngine.Run("""
            processor: math
            id: f
            formula: a * b
            variables:
              processor: test_json_text
              id: j
              value: '{"a": 6, "b": 7}'
            """);
        Assert.That(value.Data, Is.EqualTo(42L));
    }

    [Test]
    public async Task An_empty_variables_list_counts_as_no_variables()
    {
        var value = await Run("""
            processor: math
            id: f
            formula: "1 + 1"
            variables: []
            """);
        Assert.That(value.Data, Is.EqualTo(2L));
    }

    [Test]
    public async Task Division_by_zero_is_rejected_with_node_id_and_position()
    {
        var error = await RunFails("""
            processor: math
            id: f
            formula: x / (y - 2)
            variables: {x: 1, y: 2}
            """);
        IsInvalidInput(error, "f", "Division by zero at position 3.");
    }

    [Test]
    public async Task An_unknown_variable_is_rejected_with_node_id_and_position()
    {
        var error = await RunFails("""
            processor: math
            id: f
            formula: x + z
            variables: {x: 1}
            """);
        IsInvalidInput(error, "f", "Unknown variable 'z' at position 5.");
    }

    [Test]
    public async Task A_syntax_error_is_rejected_with_node_id_and_position()
    {
        var error = await RunFails("""
            processor: math
            id: f
            formula: (1 + 2
            """);
        IsInvalidInput(error, "f", "Missing ')' to close '(' at position 1.");
    }

    [Test]
    public async Task A_variable_that_is_not_a_number_is_rejected()
    {
        var error = await RunFails("""
            processor: math
            id: f
            formula: x * 2
            variables: {x: [1]}
            """);
        IsInvalidInput(error, "f", "Variable 'x' at position 1 is not a number.");
    }

    [Test]
    public async Task A_list_of_variables_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: math
            id: f
            formula: x * 2
            variables: [1, 2]
            """);
        IsInvalidInput(error, "f", "Input 'variables' must be a map of names to numbers.");
    }

    private const string MissingFormula = """
        processor: math
        id: f
        variables: {x: 1}
        """;

    [Test]
    public async Task A_missing_formula_is_refused_at_publish_with_node_id()
    {
        IsMissingAtPublish(await Rejected(MissingFormula), "f", "formula");
    }

    [Test]
    public async Task A_missing_formula_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingFormula), "f", "formula");
    }

    [TestCase("formula: 42", "formula", "integer", "text")]
    [TestCase("formula: \"1\"\nvariables: x=1", "variables", "text", "array, json")]
    public async Task Inputs_of_the_wrong_type_are_refused_at_publish_with_node_id(string inputs, string input, string type, string allowed)
    {
        var refused = await Rejected("processor: math\nid: f\n" + inputs);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", input)));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 'f', input '{input}': Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [TestCase("formula: {processor: var_int, id: source, value: 42}", "formula", "integer", "text")]
    [TestCase("formula: \"1\"\nvariables: {processor: var_str, id: source, value: x=1}", "variables", "text", "array, json")]
    public async Task Inputs_computed_of_the_wrong_type_are_rejected_at_run_time_with_node_id(string inputs, string input, string type, string allowed)
    {
        var error = await RunUnvalidatedFails("processor: math\nid: f\n" + inputs);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo($"Input '{input}' does not accept type {type}; allowed: {allowed}. (node 'f')"));
    }

    [Test]
    public async Task The_same_formula_is_evaluated_per_request_with_its_own_variables()
    {
        const string tree = """
            processor: math
            id: f
            formula: n * n
            variables: {n: N}
            """;
        Assert.That((await Run(tree.Replace("N", "3"))).Data, Is.EqualTo(9L));
        Assert.That((await Run(tree.Replace("N", "1.5"))).Data, Is.EqualTo(2.25));
    }
}
