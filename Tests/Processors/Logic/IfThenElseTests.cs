using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Logic;

public class IfThenElseTests
{
    private static string Tree(string lhs, string op, string rhs, string extra = "") => $"""
        processor: if_then_else
        id: choose
        lhs: {lhs}
        rhs: {rhs}
        operator: "{op}"
        then: yes
        else: no
        {extra}
        """;

    /// <summary>A tree comparing 1 with 1, without the line of <paramref name="input"/>.</summary>
    private static string Without(string input) =>
        string.Join('\n', Tree("1", "==", "1").Split('\n').Where(line => !line.StartsWith(input + ":", StringComparison.Ordinal)));

    [TestCase("1", "<", "2", "yes")]
    [TestCase("2", "<", "1", "no")]
    [TestCase("abc", "==", "abc", "yes")]
    [TestCase("abc", "!=", "abc", "no")]
    [TestCase("3", ">=", "3", "yes")]
    [TestCase("3", "<=", "2", "no")]
    public async Task The_comparison_chooses_the_branch(string lhs, string op, string rhs, string expected)
    {
        var value = await Run(Tree(lhs, op, rhs));
        Assert.That(value.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task Branches_may_be_nodes()
    {
        var value = await Run("""
            processor: if_then_else
            id: choose
            lhs: {processor: var_str, id: left, value: "<"}
            rhs: "<"
            operator: {processor: var_str, id: op, value: "=="}
            then: {processor: concatenate, id: join, items: [a, b]}
            """);
        Assert.That(value.Data, Is.EqualTo("ab"));
    }

    [Test]
    public async Task A_missing_branch_gives_undefined()
    {
        var value = await Run("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 2
            operator: "=="
            then: never
            """);
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Strict_is_the_default_so_text_never_equals_a_number()
    {
        Assert.That((await Run(Tree("\"7\"", "==", "7"))).Data, Is.EqualTo("no"));
        Assert.That((await Run(Tree("\"7\"", "==", "7", "strict: true"))).Data, Is.EqualTo("no"));
    }

    [Test]
    public async Task Loose_comparison_matches_numeric_text_with_numbers()
    {
        Assert.That((await Run(Tree("\"7\"", "==", "7", "strict: false"))).Data, Is.EqualTo("yes"));
        Assert.That((await Run(Tree("\"7.0\"", "==", "7", "strict: false"))).Data, Is.EqualTo("yes"));
    }

    [Test]
    public async Task Ordering_of_numeric_text_is_numeric()
    {
        Assert.That((await Run(Tree("\"10\"", ">", "\"9\""))).Data, Is.EqualTo("yes"));
    }

    [TestCase("lhs")]
    [TestCase("rhs")]
    [TestCase("operator")]
    public async Task Missing_required_input_is_rejected_at_publish_with_node_id(string input)
    {
        IsMissingAtPublish(await Rejected(Without(input)), "choose", input);
    }

    [TestCase("lhs")]
    [TestCase("rhs")]
    [TestCase("operator")]
    public async Task Missing_required_input_is_still_refused_at_run_time_without_validation(string input)
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(Without(input)), "choose", input);
    }

    [Test]
    public async Task Operator_outside_the_allowed_values_is_rejected_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("1", "=~", "1"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "choose", "operator")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'choose', input 'operator': Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=."));
    }

    [Test]
    public async Task Operator_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails(Tree("1", "=~", "1").Replace("operator: \"=~\"",
            "operator: {processor: var_str, id: op, value: \"=~\"}", StringComparison.Ordinal));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "choose")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=. (node 'choose')"));
    }

    [Test]
    public async Task Operator_of_the_wrong_type_is_rejected_at_publish_with_node_id()
    {
        var refused = await Rejected("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 1
            operator: 5
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "choose", "operator")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'choose', input 'operator': Input 'operator' does not accept type integer; allowed: text."));
    }

    [Test]
    public async Task Operator_computed_of_the_wrong_type_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunUnvalidatedFails("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 1
            operator: {processor: var_int, id: op, value: 5}
            """);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "choose")));
        Assert.That(error.Message, Is.EqualTo("Input 'operator' does not accept type integer; allowed: text. (node 'choose')"));
    }

    [Test]
    public async Task Strict_of_the_wrong_type_is_rejected_at_publish_with_node_id()
    {
        var refused = await Rejected(Tree("1", "==", "1", "strict: sometimes"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "choose", "strict")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'choose', input 'strict': Input 'strict' does not accept type text; allowed: boolean."));
    }

    [Test]
    public async Task Strict_computed_of_the_wrong_type_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunUnvalidatedFails(Tree("1", "==", "1", "strict: {processor: var_str, id: flag, value: sometimes}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "choose")));
        Assert.That(error.Message, Is.EqualTo("Input 'strict' does not accept type text; allowed: boolean. (node 'choose')"));
    }

    [Test]
    public async Task Ordering_arrays_is_rejected_with_node_id()
    {
        var error = await RunFails(Tree("[1, 2]", ">", "1"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "choose")));
    }

    [Test]
    public void Then_and_else_are_conditional_inputs_of_a_conditional_processor()
    {
        var details = Catalogue.Find("if_then_else")!.Details;
        Assert.That(details.Conditional, Is.True);
        Assert.That(details.Input("then")!.Conditional && details.Input("else")!.Conditional, Is.True);
        Assert.That(details.Input("strict")!.Default, Is.EqualTo(true));
        Assert.That(details.Input("operator")!.LimitValues, Is.EqualTo(new[] { "==", "!=", ">", ">=", "<", "<=" }));
    }
}
