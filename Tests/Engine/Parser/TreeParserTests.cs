using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support.TestProcessors;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Engine.Parser;

public class TreeParserTests
{
    [Test]
    public async Task Inputs_are_evaluated_before_their_processor()
    {
        var run = await Run("""
            processor: test_record
            id: root
            value:
              processor: concatenate
              id: join
              items:
                - processor: test_record
                  id: a
                  value:
                    processor: test_record
                    id: a1
                    value: x
                - processor: test_record
                  id: b
                  value: y
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("xy"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "a1", "a", "b", "root" }));
    }

    [Test]
    public async Task An_untaken_branch_never_runs()
    {
        var run = await Run("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 2
            operator: ">"
            then:
              processor: test_record
              id: taken_by_mistake
              value:
                processor: test_record
                id: inside_untaken
                value: never
            else:
              processor: test_record
              id: taken
              value: chosen
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("chosen"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "taken" }));
    }

    [Test]
    public async Task A_chosen_branch_is_evaluated_in_place_of_the_conditional_node()
    {
        var run = await Run("""
            processor: concatenate
            id: root
            items:
              - "Hello, "
              - processor: if_then_else
                id: choose
                lhs: 1
                rhs: 1
                operator: "=="
                then:
                  processor: test_record
                  id: world
                  value: world
            """, new EvaluationOptions { Trace = true });
        var ids = run.Trace.Select(e => e.Id).ToList();
        Assert.That(run.Value!.Data, Is.EqualTo("Hello, world"));
        // Post-order would put the branch before its parent; in place, it runs after the node that chose it.
        Assert.That(ids, Is.EqualTo(new[] { "choose", "world", "root" }));
        Assert.That(run.Trace[0].OutputType, Is.EqualTo("branch"));
        Assert.That(run.Trace[0].Output, Is.EqualTo("world"));
    }

    [Test]
    public async Task An_unused_fragment_never_runs_and_a_used_one_runs_once()
    {
        const string fragments = """
            fragments:
              used:
                processor: test_record
                id: used_fragment
                value: shared
              unused:
                processor: test_record
                id: unused_fragment
                value: nobody
            """;
        var run = await Run("""
            processor: concatenate
            id: root
            items:
              - processor: fragment
                id: first
                name: used
              - processor: fragment
                id: second
                name: used
            """, extra: fragments);
        Assert.That(run.Value!.Data, Is.EqualTo("sharedshared"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "used_fragment" }));
    }

    [Test]
    public async Task A_fragment_is_evaluated_once_per_request_not_once_per_resource()
    {
        var prepared = Prepare(Support.TestEngine.Resource("""
            processor: fragment
            id: use
            name: counted
            """, """
            fragments:
              counted:
                processor: test_record
                id: counted_fragment
                value: 1
            """));
        var first = await Execute(prepared);
        var second = await Execute(prepared);
        Assert.That(first.Recorder.Log, Is.EqualTo(new[] { "counted_fragment" }));
        Assert.That(second.Recorder.Log, Is.EqualTo(new[] { "counted_fragment" }));
    }

    [Test]
    public async Task A_fragment_used_only_in_an_untaken_branch_never_runs()
    {
        var run = await Run("""
            processor: if_then_else
            id: choose
            lhs: 1
            rhs: 2
            operator: "=="
            then:
              processor: fragment
              id: use
              name: costly
            else: skipped
            """, extra: """
            fragments:
              costly:
                processor: test_record
                id: costly_fragment
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("skipped"));
        Assert.That(run.Recorder.Log, Is.Empty);
    }

    [Test]
    public async Task A_loop_stops_at_the_default_limit_with_a_clear_error()
    {
        var run = await Execute("""
            processor: do_while
            id: forever
            lhs: 1
            rhs: 1
            operator: "=="
            process_loop:
              processor: test_count
              id: tick
              name: ticks
            """);
        Assert.That(run.Error, Is.Not.Null);
        Assert.That(run.Error!.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(run.Error.HttpStatus, Is.EqualTo(508));
        Assert.That(run.Error.ProcessorId, Is.EqualTo("forever"));
        Assert.That(run.Error.Message, Does.Contain("10000 iterations"));
        Assert.That(run.Temporary["ticks"].Data, Is.EqualTo(10_000L));
    }

    [Test]
    public async Task The_loop_limit_comes_from_the_evaluation_options()
    {
        var run = await Execute("""
            processor: for_each_item
            id: each
            input: [1, 2, 3, 4]
            process_loop:
              processor: test_count
              id: tick
              name: ticks
            """, new EvaluationOptions { MaxLoopIterations = 3 });
        Assert.That(run.Error!.HttpStatus, Is.EqualTo(508));
        Assert.That(run.Error.Message, Does.Contain("exceeded 3 iterations"));
        Assert.That(run.Temporary["ticks"].Data, Is.EqualTo(3L));
    }

    [Test]
    public async Task The_time_budget_stops_a_runaway_tree_of_nested_loops()
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails("""
            processor: do_while
            id: outer
            lhs: 1
            rhs: 1
            operator: "=="
            process_loop:
              processor: do_while
              id: inner
              lhs: 1
              rhs: 1
              operator: "=="
              max_loops: 9000
              process_loop:
                processor: test_count
                id: tick
                name: ticks
            """, new EvaluationOptions { TimeBudget = TimeSpan.FromMilliseconds(200) });
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Message, Does.Contain("time budget of 0.2 s"));
        Assert.That(error.ProcessorId, Is.AnyOf("outer", "inner", "tick"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task The_time_budget_cancels_a_waiting_processor()
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails("""
            processor: test_sleep
            id: nap
            ms: 20000
            """, new EvaluationOptions { TimeBudget = TimeSpan.FromMilliseconds(200) });
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(error.ProcessorId, Is.EqualTo("nap"));
        Assert.That(error.Message, Does.Contain("time budget"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void A_client_that_goes_away_cancels_the_request()
    {
        using var gone = new CancellationTokenSource();
        var prepared = Prepare(Support.TestEngine.Resource("""
            processor: test_sleep
            id: nap
            ms: 20000
            """));
        using var context = new EvaluationContext(new ApiRequest(), cancellationToken: gone.Token);
        gone.CancelAfter(50);
        var error = Assert.ThrowsAsync<ApiException>(async () => await prepared.ExecuteAsync(context));
        Assert.That(error!.HttpStatus, Is.EqualTo(499));
        Assert.That(error.ProcessorId, Is.EqualTo("nap"));
    }

    [Test]
    public async Task A_processor_cancelling_on_its_own_is_a_processor_failure_not_a_client_cancel()
    {
        var error = await RunFails("""
            processor: test_fail
            id: timeout
            kind: cancelled
            message: The remote host did not answer.
            """);
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(error.ProcessorId, Is.EqualTo("timeout"));
        Assert.That(error.Message, Does.Contain("The remote host did not answer."));
    }

    [Test]
    public void A_tree_of_depth_256_evaluates_on_a_small_stack()
    {
        var prepared = Prepare(Support.TestEngine.Resource(ConcatenateChain(256)));
        var value = EvaluateOnSmallStack(prepared);
        Assert.That(value.Data, Is.EqualTo(new string('x', 255) + "leaf"));
    }

    [Test]
    public async Task A_chain_of_256_conditional_nodes_evaluates_on_a_small_stack()
    {
        var prepared = Prepare(Support.TestEngine.Resource(ConditionalChain(256)));
        var value = EvaluateOnSmallStack(prepared);
        Assert.That(value.Data, Is.EqualTo("bottom"));
        // The same tree on the default stack, with the trace on: every level ran.
        var run = await Execute(prepared, new EvaluationOptions { Trace = true });
        Assert.That(run.Trace, Has.Count.EqualTo(256));
    }

    [Test]
    public void A_tree_of_10000_nodes_evaluates()
    {
        var items = string.Join(",", Enumerable.Range(1, 9_999).Select(i => $"{{processor: var_str, id: s{i}, value: a}}"));
        var prepared = Prepare(Support.TestEngine.Resource($"{{processor: concatenate, id: root, items: [{items}]}}"));
        var value = EvaluateOnSmallStack(prepared);
        Assert.That(value.Data, Is.EqualTo(new string('a', 9_999)));
    }

    [Test]
    public void A_plan_far_deeper_than_the_document_limit_evaluates_without_recursion()
    {
        // Built directly (the loader stops documents at depth 256) to show depth costs heap, not stack.
        var record = Catalogue.Find("test_record")!;
        var value = record.Details.Input("value")!;
        var label = record.Details.Input("label")!;
        PlanElement plan = new LiteralPlan(DataContainer.Text("bottom"));
        for (var depth = 100_000; depth >= 1; depth--)
        {
            plan = new NodePlan($"n{depth}", record, [new InputPlan(value, [plan], false), new InputPlan(label, [], false)]);
        }
        var recorder = new Recorder();
        var (completed, result) = OnSmallStack(256 * 1024, () =>
        {
            using var context = new EvaluationContext(new ApiRequest(), services: new TestServices(recorder));
            var pending = TreeParser.EvaluateAsync(plan, context);
            return (pending.IsCompleted, pending.Result);
        });
        Assert.That(completed, Is.True);
        Assert.That(result.Data, Is.EqualTo("bottom"));
        Assert.That(recorder.Log, Has.Count.EqualTo(100_000));
        Assert.That(recorder.Log[0], Is.EqualTo("n100000"));
        Assert.That(recorder.Log[^1], Is.EqualTo("n1"));
    }

    [TestCase(50)]
    [TestCase(254, Description = "As deep as a document may nest them (with the two nodes of the body).")]
    public async Task Loop_processors_nested_deeply_work(int depth)
    {
        var run = await Run(NestedLoops(depth));
        // Each for_each_item wraps the result of the level below in a one-item list; do_while passes its value through.
        var value = run.Value!.Data;
        for (var level = 0; level < depth; level += 2)
        {
            Assert.That(value, Is.InstanceOf<List<object?>>().With.Count.EqualTo(1));
            value = ((List<object?>)value!)[0];
        }
        // The innermost body read the outermost loop's value: loop variables stay visible to nested loops.
        Assert.That(value, Is.EqualTo("outermost"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "innermost" }));
    }

    [Test]
    public void Loops_nested_deeper_than_the_stack_allows_fail_cleanly()
    {
        // Each loop level is a nested run on the CLR stack; past what the stack holds the request fails with an
        // error instead of taking the process down.
        var loop = Catalogue.Find("for_each_item")!;
        var specs = loop.Details.Inputs;
        PlanElement plan = new LiteralPlan(DataContainer.Text("body"));
        for (var depth = 10_000; depth >= 1; depth--)
        {
            plan = new NodePlan($"loop{depth}", loop, [
                new InputPlan(specs[0], [new LiteralPlan(DataContainer.Array(new List<object?> { 1L }))], false),
                new InputPlan(specs[1], [plan], false),
                new InputPlan(specs[2], [], false),
                new InputPlan(specs[3], [], false),
            ]);
        }
        var error = OnSmallStack(256 * 1024, () =>
        {
            using var context = new EvaluationContext(new ApiRequest());
            try
            {
                var pending = TreeParser.EvaluateAsync(plan, context);
                if (!pending.IsCompleted)
                {
                    return new InvalidOperationException("Did not complete synchronously.");
                }
                _ = pending.Result;
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });
        Assert.That(error, Is.InstanceOf<ApiException>());
        var api = (ApiException)error!;
        Assert.That((api.Code, api.HttpStatus), Is.EqualTo((ErrorCodes.Core, 500)));
        Assert.That(api.Message, Is.EqualTo("The tree is nested too deeply to evaluate."));
        Assert.That(api.ProcessorId, Does.StartWith("loop"));
    }

    [Test]
    public async Task The_trace_records_every_node_with_inputs_output_duration_and_error()
    {
        var run = await Run("""
            processor: concatenate
            id: greeting
            items:
              - "Hello, "
              - processor: var_str
                id: name
                value: world
            """, new EvaluationOptions { Trace = true });
        Assert.That(run.Trace, Has.Count.EqualTo(2));
        var (name, greeting) = (run.Trace[0], run.Trace[1]);
        Assert.That((name.Id, name.Processor, name.OutputType, name.Output, name.Error),
            Is.EqualTo(("name", "var_str", "text", "world", (string?)null)));
        Assert.That(name.Inputs["value"], Is.EqualTo("world"));
        Assert.That((greeting.Id, greeting.Processor, greeting.Output), Is.EqualTo(("greeting", "concatenate", "Hello, world")));
        Assert.That(greeting.Inputs["items"], Is.EqualTo("[Hello, , world]"));
        Assert.That(greeting.DurationMs, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task The_trace_records_the_error_of_a_failing_node()
    {
        var run = await Execute("""
            processor: concatenate
            id: root
            items:
              - a
              - processor: test_fail
                id: broken
                message: boom
            """, new EvaluationOptions { Trace = true });
        Assert.That(run.Error, Is.Not.Null);
        var entry = run.Trace.Single();
        Assert.That((entry.Id, entry.Processor, entry.OutputType), Is.EqualTo(("broken", "test_fail", "error")));
        Assert.That(entry.Error, Is.EqualTo("Processor test_fail failed: boom"));
        Assert.That(entry.Inputs["message"], Is.EqualTo("boom"));
    }

    [Test]
    public async Task The_trace_truncates_long_values()
    {
        var run = await Run("""
            processor: var_str
            id: long
            value: abcdefghij
            """, new EvaluationOptions { Trace = true, TraceValueLength = 4 });
        Assert.That(run.Trace.Single().Output, Is.EqualTo("abcd…"));
    }

    [Test]
    public async Task Without_trace_nothing_is_recorded()
    {
        var run = await Run("""
            processor: var_str
            id: plain
            value: a
            """);
        Assert.That(run.Trace, Is.Empty);
    }

    [Test]
    public async Task A_processor_exception_becomes_an_api_exception_with_the_node_id()
    {
        var error = await RunFails("""
            processor: concatenate
            id: root
            items:
              - a
              - processor: test_fail
                id: broken
                message: Something inside broke.
            """);
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(error.HttpStatus, Is.EqualTo(500));
        Assert.That(error.ProcessorId, Is.EqualTo("broken"));
        Assert.That(error.Message, Is.EqualTo("Processor test_fail failed: Something inside broke."));
        Assert.That(error.InnerException, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public async Task An_api_exception_without_a_node_gets_the_id_of_the_node_that_threw_it()
    {
        var error = await RunFails("""
            processor: test_fail
            id: remote
            kind: api
            message: The remote service failed.
            """);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.ExternalService, 502, "remote")));
        Assert.That(error.Message, Is.EqualTo("The remote service failed."));
    }

    [Test]
    public async Task An_error_deep_inside_loops_keeps_the_innermost_node_id()
    {
        var error = await RunFails("""
            processor: sequential
            id: steps
            sequence:
              - processor: for_each_item
                id: each
                input: [1]
                process_loop:
                  processor: if_then_else
                  id: compare
                  lhs: 1
                  rhs: 1
                  operator: "=="
                  then:
                    processor: test_fail
                    id: deepest
                    kind: api
              - done
            """);
        Assert.That(error.ProcessorId, Is.EqualTo("deepest"));
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.ExternalService));
    }

    [Test]
    public async Task Reading_an_undeclared_input_is_a_configuration_error()
    {
        var error = await RunFails("""
            processor: test_undeclared
            id: broken
            """);
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Configuration));
        Assert.That(error.ProcessorId, Is.EqualTo("broken"));
        Assert.That(error.Message, Is.EqualTo("Processor test_undeclared misreads its inputs: it declares no input 'missing'."));
    }

    [Test]
    public async Task The_request_can_evaluate_again_after_a_failure()
    {
        // A failure unwinds the shared stacks: the same context evaluates the next tree cleanly.
        var failing = Prepare(Support.TestEngine.Resource("""
            processor: concatenate
            id: root
            items: [a, {processor: test_fail, id: broken}]
            """));
        var working = Prepare(Support.TestEngine.Resource("""
            processor: concatenate
            id: root
            items: [a, {processor: var_str, id: b, value: b}]
            """));
        using var context = new EvaluationContext(new ApiRequest());
        Assert.ThrowsAsync<ApiException>(async () => await failing.ExecuteAsync(context));
        var result = await working.ExecuteAsync(context);
        Assert.That(result.Value.Data, Is.EqualTo("ab"));
    }

    [Test]
    public void Processors_of_another_assembly_are_discovered_like_built_in_ones()
    {
        var record = Catalogue.Find("test_record");
        Assert.That(record, Is.InstanceOf<TestRecord>());
        Assert.That(record!.Menu, Is.EqualTo("Test processors"));
        Assert.That(Catalogue.Find("if_then_else"), Is.Not.Null);
    }

    private static DataContainer EvaluateOnSmallStack(PreparedResource prepared)
    {
        var (completed, value) = OnSmallStack(256 * 1024, () =>
        {
            using var context = new EvaluationContext(new ApiRequest(), services: new TestServices(new Recorder()));
            var pending = prepared.ExecuteAsync(context);
            return (pending.IsCompleted, pending.IsCompleted ? pending.Result.Value : null);
        });
        Assert.That(completed, Is.True, "The evaluation should complete on the small-stack thread.");
        return value!;
    }

    /// <summary>concatenate ["x", concatenate ["x", ... "leaf"]] with <paramref name="depth"/> nodes, in flow style.</summary>
    private static string ConcatenateChain(int depth)
    {
        var yaml = "leaf";
        for (var level = depth; level >= 1; level--)
        {
            yaml = level == depth
                ? $"{{processor: var_str, id: n{level}, value: leaf}}"
                : $"{{processor: concatenate, id: n{level}, items: [x, {yaml}]}}";
        }
        return yaml;
    }

    /// <summary>if_then_else whose then is the next if_then_else, <paramref name="depth"/> deep.</summary>
    private static string ConditionalChain(int depth)
    {
        var yaml = "bottom";
        for (var level = depth; level >= 1; level--)
        {
            yaml = $"{{processor: if_then_else, id: c{level}, lhs: 1, rhs: 1, operator: '==', then: {yaml}, else: wrong}}";
        }
        return yaml;
    }

    /// <summary>Alternating for_each_item and do_while levels around a body that reads the outermost loop value.</summary>
    private static string NestedLoops(int depth)
    {
        var yaml = "{processor: test_record, id: innermost, label: innermost, value: {processor: test_temporary, id: read, name: l0.val}}";
        for (var level = depth - 1; level >= 0; level--)
        {
            yaml = level % 2 == 0
                ? $"{{processor: for_each_item, id: l{level}, input: [{(level == 0 ? "outermost" : "inner")}], process_loop: {yaml}}}"
                : $"{{processor: do_while, id: l{level}, lhs: 1, rhs: 1, operator: '==', max_loops: 1, process_loop: {yaml}}}";
        }
        return yaml;
    }
}
