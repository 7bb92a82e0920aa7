using System.Diagnostics;
using System.Runtime.CompilerServices;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// Evaluates prepared trees depth-first, post-order, with an explicit stack instead of recursion: every
/// input is evaluated before its processor runs; a conditional processor returns the branch it chose and the parser
/// evaluates that branch in the node's place, so untaken branches never run.
/// </summary>
public static partial class TreeParser
{
    /// <summary>Evaluates <paramref name="root"/> within the request's <paramref name="context"/>.</summary>
    public static ValueTask<DataContainer> EvaluateAsync(PlanElement root, EvaluationContext context) =>
        root is LiteralPlan literal ? new ValueTask<DataContainer>(literal.Value) : RunAsync(root, context);

    private static async ValueTask<DataContainer> RunAsync(PlanElement root, EvaluationContext context)
    {
        // Nodes never recurse on the CLR stack, but loops and fragments start nested runs: stop those cleanly
        // before the stack runs out (checked once per run, not per node).
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ApiException("The tree is nested too deeply to evaluate.", ErrorCodes.Core, null, 500);
        }
        var frames = context.Frames;
        var values = context.Values;
        var frameBase = frames.Count;
        var valueBase = values.Count;
        var logStarts = context.Logger.IsEnabled(LogLevel.Debug);
        var tracing = context.Trace is not null;
        frames.Push(new Frame(root, valueBase));
        try
        {
            while (frames.Count > frameBase)
            {
                var top = frames.Count - 1;
                var element = frames.Items[top].Element;
                switch (element)
                {
                    case NodePlan node:
                    {
                        var next = frames.Items[top].Next;
                        if (next < node.Children.Length)
                        {
                            frames.Items[top].Next = next + 1;
                            PushChild(node.Children[next], frames, values);
                            continue;
                        }
                        if (logStarts)
                        {
                            LogStart(context.Logger, node.Processor.MachineName, node.Id);
                        }
                        var slots = frames.Items[top].ValueBase;
                        var started = tracing ? Stopwatch.GetTimestamp() : 0;
                        NodeResult result;
                        try
                        {
                            context.ThrowIfOverBudget(node.Id);
                            var pending = node.Processor.ProcessAsync(new NodeContext(context, node, slots));
                            result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                        }
                        catch (Exception ex)
                        {
                            var error = AtNode(ex, node, context);
                            if (tracing)
                            {
                                Record(context, node, slots, started, null, error.Message);
                            }
                            throw error;
                        }
                        if (tracing)
                        {
                            Record(context, node, slots, started, result, null);
                        }
                        if (result.Branch is { } branch)
                        {
                            values.Truncate(slots);
                            // Evaluate the chosen branch in place of the conditional node.
                            frames.Items[frames.Count - 1] = new Frame(branch, slots);
                            continue;
                        }
                        var built = result.Value!;
                        if (!IsInput(built, values, slots))
                        {
                            context.ChargeResult(built, node.Id);
                        }
                        values.Truncate(slots);
                        values.Push(built);
                        frames.Count--;
                        continue;
                    }
                    case ListPlan list:
                    {
                        var next = frames.Items[top].Next;
                        if (next < list.Items.Length)
                        {
                            frames.Items[top].Next = next + 1;
                            PushChild(list.Items[next], frames, values);
                            continue;
                        }
                        var slots = frames.Items[top].ValueBase;
                        var items = new List<object?>(list.Items.Length);
                        for (var i = slots; i < values.Count; i++)
                        {
                            items.Add(values.Items[i].ToPlain());
                        }
                        values.Truncate(slots);
                        var array = DataContainer.Array(items);
                        context.ChargeResult(array, OwnerId(frames, top));
                        values.Push(array);
                        frames.Count--;
                        continue;
                    }
                    case MapPlan map:
                    {
                        var next = frames.Items[top].Next;
                        if (next < map.Values.Length)
                        {
                            frames.Items[top].Next = next + 1;
                            PushChild(map.Values[next], frames, values);
                            continue;
                        }
                        var slots = frames.Items[top].ValueBase;
                        var entries = new Map(map.Keys.Length);
                        for (var i = 0; i < map.Keys.Length; i++)
                        {
                            entries[map.Keys[i]] = values.Items[slots + i].ToPlain();
                        }
                        values.Truncate(slots);
                        var array = DataContainer.Array(entries);
                        context.ChargeResult(array, OwnerId(frames, top));
                        values.Push(array);
                        frames.Count--;
                        continue;
                    }
                    case LiteralPlan literal:
                        values.Push(literal.Value);
                        frames.Count--;
                        continue;
                    default:
                        throw new ApiException($"Unknown plan element {element.GetType().Name}.", ErrorCodes.Core);
                }
            }
            var value = values.Items[valueBase];
            values.Truncate(valueBase);
            return value;
        }
        catch
        {
            frames.Count = frameBase;
            values.Truncate(valueBase);
            throw;
        }
    }

    /// <summary>True when a node returns one of its own inputs: a value passed through was counted where it was built.</summary>
    private static bool IsInput(DataContainer value, WorkStack<DataContainer> values, int slots)
    {
        for (var i = slots; i < values.Count; i++)
        {
            if (ReferenceEquals(values.Items[i], value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The id of the nearest node below a list or map written in the document (whose input it is).</summary>
    private static string? OwnerId(WorkStack<Frame> frames, int top)
    {
        for (var i = top - 1; i >= 0; i--)
        {
            if (frames.Items[i].Element is NodePlan node)
            {
                return node.Id;
            }
        }
        return null;
    }

    private static void PushChild(PlanElement child, WorkStack<Frame> frames, WorkStack<DataContainer> values)
    {
        if (child is LiteralPlan literal)
        {
            values.Push(literal.Value);
        }
        else
        {
            frames.Push(new Frame(child, values.Count));
        }
    }

    private static ApiException AtNode(Exception exception, NodePlan node, EvaluationContext context) => exception switch
    {
        ApiException api => api.WithNode(node.Id),
        OperationCanceledException when context.Aborted =>
            new ApiException("The request was cancelled.", ErrorCodes.Core, node.Id, 499, exception),
        OperationCanceledException when context.BudgetExceeded || context.BudgetCancelled =>
            context.BudgetError(node.Id, exception),
        // Any other cancellation (an HTTP client's own timeout, say) is the processor's failure, not the caller's.
        InsufficientExecutionStackException => new ApiException(
            "The tree is nested too deeply to evaluate.", ErrorCodes.Core, node.Id, 500, exception),
        _ => new ApiException($"Processor {node.Processor.MachineName} failed: {exception.Message}",
            ErrorCodes.Core, node.Id, 500, exception),
    };

    private static void Record(EvaluationContext context, NodePlan node, int slots, long started, NodeResult? result, string? error)
    {
        var elapsed = (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
        var max = context.Options.TraceValueLength;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in node.Inputs)
        {
            if (!input.Given || input.Spec.Conditional)
            {
                continue;
            }
            var first = slots + input.SlotOffset;
            var text = input.Elements.Length == 1 && !input.GivenAsList
                ? Summarize(context.Values.Items[first], max)
                : Truncate("[" + string.Join(", ", Enumerable.Range(first, input.Elements.Length)
                    .Select(i => Summarize(context.Values.Items[i], max))) + "]", max);
            inputs[input.Spec.Name] = text;
        }
        string type, output;
        if (result is { Branch: { } branch })
        {
            type = "branch";
            output = branch is NodePlan chosen ? chosen.Id : "literal";
        }
        else if (result is { Value: { } value })
        {
            type = value.Type.Name();
            output = Summarize(value, max);
        }
        else
        {
            type = "error";
            output = "";
        }
        context.Trace!.Add(new TraceEntry(node.Id, node.Processor.MachineName, inputs, type, output,
            Math.Round(elapsed, 4), error));
    }

    // An array is serialized only as far as the trace keeps it: a large value costs no more than a small one.
    private static string Summarize(DataContainer value, int max) =>
        Truncate(value.Data switch
        {
            string text => text,
            List<object?> or Map => PlainJson.SerializePrefix(value.Data, max),
            _ => value.ToString(),
        }, max);

    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Processor {MachineName} starts node {NodeId}")]
    private static partial void LogStart(ILogger logger, string machineName, string nodeId);
}
