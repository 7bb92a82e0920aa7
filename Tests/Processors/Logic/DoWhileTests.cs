using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class DoWhileTests
{
    /// <summary>Counts n up while n (0 when unset) compares with rhs; the body returns the new count.</summary>
    private static string Counter(string op, string rhs, string extra = "") => $$"""
        processor: do_while
        id: loop
        lhs: {processor: test_temporary, id: read, name: n, default: 0}
        rhs: {{rhs}}
        operator: "{{op}}"
        process_loop: {processor: test_count, id: body, name: n}
        {{extra}}
        """;

    /// <summary>The counter without the line of <paramref name="input"/>.</summary>
    private static string Without(string input) =>
        string.Join('\n', Counter("<", "3").Split('\n').Where(line => !line.StartsWith(input + ":", StringComparison.Ordinal)));

    [Test]
    public async Task The_body_repeats_while_the_comparison_holds()
    {
        var run = await Run(Counter("<", "3"));
        Assert.That(run.Value!.Data, Is.EqualTo(3L));
        Assert.That(run.Temporary["n"].Data, Is.EqualTo(3L));
    }

    [Test]
    public async Task The_condition_is_checked_before_the_first_pass()
    {
        var run = await Run(Counter(">", "5"));
        Assert.That(run.Value!.IsUndefined, Is.True);
        Assert.That(run.Temporary.ContainsKey("n"), Is.False);
    }

    [Test]
    public async Task The_operator_is_re_evaluated_on_every_check()
    {
        // The operator node reads the count: "<" while it is 0, then "==" (0 == 5 fails once the count is 1).
        var run = await Run("""
            processor: do_while
            id: loop
            lhs: {processor: test_temporary, id: read, name: n, default: 0}
            rhs: 5
            operator:
              processor: switch
              id: pick
              value: {processor: test_temporary, id: read_again, name: n, default: 0}
              cases: {"0": "<"}
              default: "=="
            process_loop: {processor: test_count, id: body, name: n}
            """);
        Assert.That(run.Temporary["n"].Data, Is.EqualTo(1L));
    }

    [TestCase(5, 5L)]
    [TestCase(0, null)]
    public async Task Max_loops_stops_quietly(int maxLoops, long? expected)
    {
        var run = await Run(Counter("<", "100", $"max_loops: {maxLoops}"));
        Assert.That(run.Value!.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task Without_max_loops_the_engine_limit_is_an_error()
    {
        var error = await RunFails(Counter("<", "100"), new EvaluationOptions { MaxLoopIterations = 20 });
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 508, "loop")));
        Assert.That(error.Message, Is.EqualTo("Loop in node 'loop' exceeded 20 iterations."));
    }

    [Test]
    public async Task Max_loops_above_the_engine_limit_still_stops_at_the_limit()
    {
        var error = await RunFails(Counter("<", "100", "max_loops: 50"), new EvaluationOptions { MaxLoopIterations = 20 });
        Assert.That(error.HttpStatus, Is.EqualTo(508));
    }

    [Test]
    public async Task Strict_is_the_default_so_a_count_never_equals_numeric_text()
    {
        var strict = await Run(Counter("!=", "\"3\"", "max_loops: 10"));
        Assert.That(strict.Value!.Data, Is.EqualTo(10L));
        var loose = await Run(Counter("!=", "\"3\"", "strict: false"));
        Assert.That(loose.Value!.Data, Is.EqualTo(3L));
    }

    [Test]
    public async Task Absent_lhs_and_rhs_are_undefined()
    {
        var run = await Run("""
            processor: do_while
            id: loop
            operator: "!="
            process_loop: {processor: test_count, id: body, name: n}
            """);
        Assert.That(run.Value!.IsUndefined, Is.True);
        Assert.That(run.Temporary.ContainsKey("n"), Is.False);
    }

    [Test]
    public async Task The_same_body_node_is_evaluated_on_every_pass()
    {
        var run = await Run("""
            processor: do_while
            id: loop
            lhs: 1
            rhs: 1
            operator: "=="
            max_loops: 3
            process_loop: {processor: test_record, id: body, value: again}
            """);
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "body", "body", "body" }));
    }

    [TestCase("operator")]
    [TestCase("process_loop")]
    public async Task Missing_required_input_is_rejected_at_publish_with_node_id(string input)
    {
        IsMissingAtPublish(await RejectedWithTestProcessors(Without(input)), "loop", input);
    }

    [TestCase("operator")]
    [TestCase("process_loop")]
    public async Task Missing_required_input_is_still_refused_at_run_time_without_validation(string input)
    {
        IsMissingAtRunTime(await RunUnvalidatedFails(Without(input)), "loop", input);
    }

    [Test]
    public async Task Operator_outside_the_allowed_values_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(Counter("=~", "3"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "loop", "operator")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'loop', input 'operator': Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=."));
    }

    [Test]
    public async Task Operator_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails("""
            processor: do_while
            id: loop
            lhs: 1
            rhs: 1
            operator: {processor: var_str, id: op, value: "=~"}
            process_loop: {processor: test_count, id: body, name: n}
            """);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "loop")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=. (node 'loop')"));
    }

    [TestCase("max_loops: ten", "max_loops", "text", "integer")]
    [TestCase("max_loops: 2.5", "max_loops", "float", "integer")]
    [TestCase("strict: 1", "strict", "integer", "boolean")]
    public async Task Inputs_of_the_wrong_type_are_rejected_at_publish_with_node_id(string extra, string input, string type, string allowed)
    {
        var refused = await RejectedWithTestProcessors(Counter("<", "3", extra));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "loop", input)));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 'loop', input '{input}': Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [TestCase("max_loops: {processor: var_str, id: source, value: ten}", "max_loops", "text", "integer")]
    [TestCase("max_loops: {processor: var_float, id: source, value: 2.5}", "max_loops", "float", "integer")]
    [TestCase("strict: {processor: var_int, id: source, value: 1}", "strict", "integer", "boolean")]
    public async Task Inputs_computed_of_the_wrong_type_are_rejected_at_run_time_with_node_id(string extra, string input, string type, string allowed)
    {
        var error = await RunUnvalidatedFails(Counter("<", "3", extra));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "loop")));
        Assert.That(error.Message, Is.EqualTo($"Input '{input}' does not accept type {type}; allowed: {allowed}. (node 'loop')"));
    }

    [Test]
    public void The_condition_and_body_are_conditional_and_max_loops_defaults_to_the_engine_limit()
    {
        var details = Catalogue.Find("do_while")!.Details;
        Assert.That(details.Conditional, Is.True);
        foreach (var name in new[] { "lhs", "rhs", "operator", "process_loop" })
        {
            Assert.That(details.Input(name)!.Conditional, Is.True, name);
        }
        Assert.That(details.Input("max_loops")!.Default, Is.EqualTo(-1L));
        Assert.That(details.Input("process_loop")!.LiteralAllowed, Is.False);
    }
}
