using System.Runtime.ExceptionServices;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;
using ApiStudio.Tests.Support.TestProcessors;

namespace ApiStudio.Tests.Support;

/// <summary>The outcome of one run: the value or the error, the side effects, the trace and the temporary variables.</summary>
public sealed record TestRun(
    DataContainer? Value,
    ApiException? Error,
    Recorder Recorder,
    IReadOnlyList<TraceEntry> Trace,
    IReadOnlyDictionary<string, DataContainer> Temporary);

/// <summary>
/// The built-in processors plus the test processors of this assembly, discovered the way plugins are, with helpers
/// that run a tree and expose its side effects.
/// </summary>
public static class TestCatalogue
{
    /// <summary>Built-in and test processors.</summary>
    public static readonly ProcessorCatalogue Catalogue =
        ProcessorCatalogue.Discover([BuiltInProcessors.Assembly, typeof(TestRecord).Assembly]);

    /// <summary>The planner over <see cref="Catalogue"/>.</summary>
    public static readonly ResourcePlanner Planner = new(Catalogue);

    /// <summary>Loads and prepares a whole YAML document.</summary>
    public static PreparedResource Prepare(string documentYaml) =>
        Planner.Prepare(ResourceLoader.Load(documentYaml, "test.yaml"));

    /// <summary>Runs a <c>process</c> tree (with optional extra header lines such as fragments) and records everything.</summary>
    public static Task<TestRun> Execute(string processYaml, EvaluationOptions? options = null, string extra = "") =>
        Execute(Prepare(TestEngine.Resource(processYaml, extra)), options);

    /// <summary>Runs a prepared resource and records everything.</summary>
    public static async Task<TestRun> Execute(PreparedResource resource, EvaluationOptions? options = null)
    {
        var recorder = new Recorder();
        using var context = new EvaluationContext(new ApiRequest(), options, new TestServices(recorder));
        try
        {
            var result = await resource.ExecuteAsync(context);
            return new TestRun(result.Value, null, recorder, context.Trace ?? [], context.Temporary);
        }
        catch (ApiException ex)
        {
            return new TestRun(null, ex, recorder, context.Trace ?? [], context.Temporary);
        }
    }

    /// <summary>
    /// Runs a <c>process</c> tree (and the fragments of <paramref name="extra"/>) planned without validation: what the
    /// engine's run-time guards face when a plan did not come through the validator (defence in depth).
    /// </summary>
    public static Task<TestRun> ExecuteUnvalidated(string processYaml, string extra = "") =>
        Execute(TestEngine.PlanUnvalidated(processYaml, extra, Planner));

    /// <summary>Runs a tree planned without validation (<see cref="ExecuteUnvalidated"/>) that must fail; returns its error.</summary>
    public static async Task<ApiException> RunUnvalidatedFails(string processYaml, string extra = "")
    {
        var run = await ExecuteUnvalidated(processYaml, extra);
        Assert.That(run.Error, Is.Not.Null, () => $"Expected an ApiException, got {run.Value}.");
        return run.Error!;
    }

    /// <summary>Runs a tree that must succeed.</summary>
    public static async Task<TestRun> Run(string processYaml, EvaluationOptions? options = null, string extra = "")
    {
        var run = await Execute(processYaml, options, extra);
        Assert.That(run.Error, Is.Null, () => $"Unexpected error: {run.Error!.Message} (node {run.Error.ProcessorId})");
        return run;
    }

    /// <summary>Runs a tree that must fail; returns its error.</summary>
    public static async Task<ApiException> RunFails(string processYaml, EvaluationOptions? options = null, string extra = "")
    {
        var run = await Execute(processYaml, options, extra);
        Assert.That(run.Error, Is.Not.Null, () => $"Expected an ApiException, got {run.Value}.");
        return run.Error!;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread with a stack of <paramref name="stackBytes"/>: a recursive
    /// evaluator would overflow where an iterative one does not.
    /// </summary>
    public static T OnSmallStack<T>(int stackBytes, Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, stackBytes);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
        return result;
    }
}
