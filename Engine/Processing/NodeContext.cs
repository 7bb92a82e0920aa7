using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// What a processor sees while it runs: its node, its evaluated inputs (read with <see cref="Val(string)"/>, which
/// applies defaults and re-checks types, values and cardinality), the request and the evaluation services.
/// A small value passed by copy: reading inputs allocates nothing.
/// </summary>
public readonly struct NodeContext
{
    private readonly int _valueBase;

    internal NodeContext(EvaluationContext evaluation, NodePlan node, int valueBase)
    {
        Evaluation = evaluation;
        Node = node;
        _valueBase = valueBase;
    }

    /// <summary>The request's evaluation state.</summary>
    public EvaluationContext Evaluation { get; }

    /// <summary>The node being processed.</summary>
    public NodePlan Node { get; }

    /// <summary>The node id (for error messages).</summary>
    public string NodeId => Node.Id;

    /// <summary>The request.</summary>
    public ApiRequest Request => Evaluation.Request;

    /// <summary>Where to log.</summary>
    public ILogger Logger => Evaluation.Logger;

    /// <summary>Cancelled when the client goes away or the time budget is spent.</summary>
    public CancellationToken CancellationToken => Evaluation.CancellationToken;

    /// <summary>True when the document gives the input (false means the default applies).</summary>
    public bool Has(string name) => Input(name).Given;

    /// <summary>
    /// The value of a single-valued input: its evaluated value, else its default, else undefined. Re-checks the
    /// declared types and values at run time.
    /// </summary>
    public DataContainer Val(string name)
    {
        var input = Input(name);
        var spec = input.Spec;
        if (spec.Conditional)
        {
            throw Misuse($"input '{name}' is conditional: read it with Branch() or EvaluateInputAsync()");
        }
        if (!input.Given)
        {
            return CheckRequired(input);
        }
        if (spec.IsMulti)
        {
            throw Misuse($"input '{name}' takes several values: read it with Values()");
        }
        if (!spec.NodeAllowed)
        {
            CheckLiteral(input);
        }
        var value = Evaluation.Values.Items[_valueBase + input.SlotOffset];
        if (value.IsUndefined && spec.Default is not null)
        {
            // A node that yields nothing (a nullable request variable left out) leaves the input to its default, as in
            // ApiOpenStudio.
            return input.Default;
        }
        InputChecks.CheckValue(spec, value, NodeId);
        return value;
    }

    /// <summary>
    /// The values of a multi input. A list in the document gives one value per item; a single node whose value is a
    /// list gives one value per element. Cardinality, types and values are re-checked.
    /// </summary>
    public InputValues Values(string name)
    {
        var input = Input(name);
        var spec = input.Spec;
        if (spec.Conditional)
        {
            throw Misuse($"input '{name}' is conditional: read it with Branch() or EvaluateInputAsync()");
        }
        if (!spec.NodeAllowed)
        {
            CheckLiteral(input);
        }
        InputValues values;
        if (!input.Given)
        {
            var fallback = CheckRequired(input);
            values = fallback.IsUndefined
                ? new InputValues([], 0, 0)
                : fallback.Data is List<object?> defaults ? new InputValues(defaults) : new InputValues([fallback], 0, 1);
        }
        else if (!input.GivenAsList && spec.IsMulti
                 && Evaluation.Values.Items[_valueBase + input.SlotOffset].Data is List<object?> items)
        {
            values = new InputValues(items);
        }
        else
        {
            values = new InputValues(Evaluation.Values.Items, _valueBase + input.SlotOffset, input.Elements.Length);
        }
        InputChecks.CheckCardinality(spec, values.Count, NodeId);
        for (var i = 0; i < values.Count; i++)
        {
            InputChecks.CheckValue(spec, values[i], NodeId);
        }
        return values;
    }

    /// <summary>
    /// The unevaluated element of a conditional input: return it with NodeResult.Evaluate, or evaluate it with
    /// <see cref="EvaluateAsync(PlanElement)"/>. Absent: the default as a literal, else null; a missing required input
    /// is an error.
    /// </summary>
    public PlanElement? Branch(string name)
    {
        var input = Input(name);
        if (!input.Given)
        {
            CheckRequired(input);
        }
        return input.Branch;
    }

    /// <summary>The unevaluated items of a conditional multi input (empty when absent; a missing required input is an error).</summary>
    public IReadOnlyList<PlanElement> Branches(string name)
    {
        var input = Input(name);
        if (!input.Given)
        {
            CheckRequired(input);
        }
        return input.Elements;
    }

    /// <summary>
    /// Evaluates a single-valued conditional input now (a loop's condition, once per iteration) and checks the value
    /// as <see cref="Val(string)"/> does: default when absent, declared types and values.
    /// </summary>
    public ValueTask<DataContainer> EvaluateInputAsync(string name)
    {
        var input = Input(name);
        if (input.Spec.IsMulti)
        {
            throw Misuse($"input '{name}' takes several values: evaluate its Branches() one by one");
        }
        if (!input.Given)
        {
            return new ValueTask<DataContainer>(CheckRequired(input));
        }
        var pending = EvaluateAsync(input.Branch!);
        if (pending.IsCompletedSuccessfully)
        {
            var value = pending.Result;
            InputChecks.CheckValue(input.Spec, value, NodeId);
            return new ValueTask<DataContainer>(value);
        }
        return CheckedAsync(pending, input.Spec, NodeId);
    }

    /// <summary>
    /// Evaluates a sub-tree now (loops, map, filter): a nested run of the parser sharing this request's state.
    /// Evaluate one sub-tree at a time (await each before starting the next): the runs share the request's stacks.
    /// </summary>
    public ValueTask<DataContainer> EvaluateAsync(PlanElement element) => TreeParser.EvaluateAsync(element, Evaluation);

    /// <summary>Throws a clear error (code 0, HTTP 508) once a loop passes the iteration limit.</summary>
    public void CheckIteration(int iteration, int? limit = null)
    {
        var max = Math.Min(limit ?? int.MaxValue, Evaluation.Options.MaxLoopIterations);
        if (iteration > max)
        {
            throw new ApiException($"Loop in node '{NodeId}' exceeded {max} iterations.", ErrorCodes.Core, NodeId, 508);
        }
        Evaluation.ThrowIfOverBudget(NodeId);
    }

    /// <summary>Throws the budget error when the request is out of time, or cancelled when the client went away.</summary>
    public void ThrowIfOverBudget() => Evaluation.ThrowIfOverBudget(NodeId);

    /// <summary>
    /// Throws the memory budget error when <paramref name="bytes"/> more would not fit in what is left of the request's
    /// memory budget. Nothing is counted: the node's result is counted when it returns. Check before building
    /// something whose size is known in advance, or with a running total while building.
    /// </summary>
    public void EnsureFits(long bytes) => Evaluation.EnsureFits(bytes, NodeId);

    /// <summary>An invalid-input error (code 6, HTTP 400) for this node.</summary>
    public ApiException Error(string message, int code = ErrorCodes.InvalidInput, int httpStatus = 400) =>
        new(message, code, NodeId, httpStatus);

    private InputPlan Input(string name)
    {
        var index = Node.IndexOf(name);
        if (index < 0)
        {
            throw Misuse($"it declares no input '{name}'");
        }
        return Node.Inputs[index];
    }

    private DataContainer CheckRequired(InputPlan input)
    {
        if (input.Spec.Required && input.Spec.Default is null)
        {
            throw new ApiException($"Required input '{input.Spec.Name}' is missing in node '{NodeId}'.",
                ErrorCodes.InvalidInput, NodeId, 400);
        }
        return input.Default;
    }

    /// <summary>The run-time guard of <see cref="InputSpec.NodeAllowed"/> (the validator refuses such documents first).</summary>
    private void CheckLiteral(InputPlan input)
    {
        foreach (var element in input.Elements)
        {
            if (element is not LiteralPlan)
            {
                throw new ApiException(
                    $"Input '{input.Spec.Name}' must be a literal written in the resource, not computed by a processor node.",
                    ErrorCodes.InvalidInput, NodeId, 400);
            }
        }
    }

    private static async ValueTask<DataContainer> CheckedAsync(ValueTask<DataContainer> pending, InputSpec spec, string nodeId)
    {
        var value = await pending.ConfigureAwait(false);
        InputChecks.CheckValue(spec, value, nodeId);
        return value;
    }

    private ApiException Misuse(string what) =>
        new($"Processor {Node.Processor.MachineName} misreads its inputs: {what}.", ErrorCodes.Configuration, NodeId, 500);
}
