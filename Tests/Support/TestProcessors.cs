using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

// Processors that exist only for tests: they make evaluation order and side effects observable, and show that a
// processor in another assembly (a plugin) is discovered like a built-in one.
namespace ApiStudio.Tests.Support.TestProcessors;

/// <summary>The side effects of one test run: which nodes ran, in order.</summary>
public sealed class Recorder
{
    /// <summary>Node ids (or labels) in the order their processors ran.</summary>
    public List<string> Log { get; } = [];

    /// <summary>How many times <paramref name="entry"/> was recorded.</summary>
    public int Count(string entry) => Log.Count(e => e == entry);
}

/// <summary>Hands a <see cref="Recorder"/> to test processors through <see cref="EvaluationContext.Services"/>.</summary>
public sealed class TestServices(Recorder recorder) : IServiceProvider
{
    /// <inheritdoc />
    public object? GetService(Type serviceType) => serviceType == typeof(Recorder) ? recorder : null;
}

/// <summary>Records that it ran (its label, else its node id) and returns its value.</summary>
public sealed class TestRecord : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test record", "Records that it ran; returns value.",
        new InputSpec("value", "Returned as is."),
        new InputSpec("label", "Recorded instead of the node id.") { LimitTypes = [DataType.Text] });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var recorder = context.Evaluation.Services?.GetService(typeof(Recorder)) as Recorder
            ?? throw new ApiException("No recorder.", ErrorCodes.Configuration, context.NodeId);
        recorder.Log.Add(context.Has("label") ? context.Val("label").AsText() : context.NodeId);
        return context.Val("value");
    }
}

/// <summary>Throws: a plain CLR exception, an ApiException that names no node, or a cancellation of its own.</summary>
public sealed class TestFail : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test fail", "Throws.",
        new InputSpec("message", "The message.") { Default = "boom" },
        new InputSpec("kind", "clr, api or cancelled.") { LimitValues = ["clr", "api", "cancelled"], Default = "clr" });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var message = context.Val("message").AsText();
        throw context.Val("kind").AsText() switch
        {
            "api" => new ApiException(message, ErrorCodes.ExternalService, null, 502),
            // What an HTTP client's own timeout throws: a cancellation that is neither the caller's nor the budget's.
            "cancelled" => new OperationCanceledException(message),
            _ => new InvalidOperationException(message),
        };
    }
}

/// <summary>Waits (really asynchronously) for ms milliseconds, honouring the request's cancellation.</summary>
public sealed class TestSleep : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test sleep", "Waits; returns ms.",
        new InputSpec("ms", "Milliseconds.") { Min = 1, LimitTypes = [DataType.Integer] });

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var ms = context.Val("ms");
        await Task.Delay(TimeSpan.FromMilliseconds((long)ms.Data!), context.CancellationToken);
        return ms;
    }
}

/// <summary>Reads an input it does not declare (a broken processor).</summary>
public sealed class TestUndeclared : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test undeclared", "Reads an undeclared input.");

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => context.Val("missing");
}

/// <summary>Reads a temporary variable (a stand-in for var_temporary): its value, else default.</summary>
public sealed class TestTemporary : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test temporary", "Reads a temporary variable.",
        new InputSpec("name", "Variable name.") { Min = 1 },
        new InputSpec("default", "When the variable is not set."));

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        context.Evaluation.Temporary.TryGetValue(context.Val("name").AsText(), out var value) ? value : context.Val("default");
}

/// <summary>Adds one to an integer temporary variable (missing = 0) and returns the new value.</summary>
public sealed class TestCount : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test count", "Increments a temporary variable.",
        new InputSpec("name", "Variable name.") { Min = 1 });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var name = context.Val("name").AsText();
        var next = context.Evaluation.Temporary.TryGetValue(name, out var current) ? (long)current.Data! + 1 : 1;
        return context.Evaluation.Temporary[name] = DataContainer.Integer(next);
    }
}
