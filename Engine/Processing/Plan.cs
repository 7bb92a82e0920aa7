using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// A prepared element of a resource tree: built once when the resource is published, evaluated on every request
/// without reflection or lookups by name.
/// </summary>
public abstract class PlanElement
{
}

/// <summary>A literal, already wrapped in its container.</summary>
public sealed class LiteralPlan(DataContainer value) : PlanElement
{
    /// <summary>The value.</summary>
    public DataContainer Value { get; } = value;
}

/// <summary>A list literal holding at least one node: evaluated item by item into an <c>array</c>.</summary>
public sealed class ListPlan(PlanElement[] items) : PlanElement
{
    /// <summary>The items.</summary>
    public PlanElement[] Items { get; } = items;
}

/// <summary>A map literal holding at least one node: evaluated value by value into an <c>array</c> map.</summary>
public sealed class MapPlan(string[] keys, PlanElement[] values) : PlanElement
{
    /// <summary>The keys, in order.</summary>
    public string[] Keys { get; } = keys;

    /// <summary>The values, aligned with <see cref="Keys"/>.</summary>
    public PlanElement[] Values { get; } = values;
}

/// <summary>A processor node with its inputs laid out for evaluation.</summary>
public sealed class NodePlan : PlanElement
{
    /// <summary>Creates a node plan; <paramref name="inputs"/> is aligned with the processor's declared inputs.</summary>
    public NodePlan(string id, Processor processor, InputPlan[] inputs)
    {
        Id = id;
        Processor = processor;
        Inputs = inputs;
        var children = new List<PlanElement>();
        foreach (var input in inputs)
        {
            if (input.Spec.Conditional)
            {
                continue;
            }
            input.SlotOffset = children.Count;
            children.AddRange(input.Elements);
        }
        Children = children.ToArray();
    }

    /// <summary>The node id.</summary>
    public string Id { get; }

    /// <summary>The processor instance (shared by every node and request).</summary>
    public Processor Processor { get; }

    /// <summary>One entry per declared input, given or not.</summary>
    public InputPlan[] Inputs { get; }

    /// <summary>The non-conditional input elements, in evaluation order; their values occupy consecutive slots.</summary>
    public PlanElement[] Children { get; }

    /// <summary>
    /// The value of an input known before evaluation: its literal, or its default when it is absent; null when a node
    /// computes it (or the processor declares no such input).
    /// </summary>
    public DataContainer? KnownValue(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return null;
        }
        var input = Inputs[index];
        if (!input.Given)
        {
            return input.Default;
        }
        return input is { GivenAsList: false, Elements: [LiteralPlan literal] } ? literal.Value : null;
    }

    /// <summary>The index in <see cref="Inputs"/> of the input called <paramref name="name"/> (or so aliased), or -1.</summary>
    public int IndexOf(string name)
    {
        var inputs = Inputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (ReferenceEquals(inputs[i].Spec.Name, name) || string.Equals(inputs[i].Spec.Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Spec.IsCalled(name))
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>One declared input of a node: the elements given for it (none when absent).</summary>
public sealed class InputPlan(InputSpec spec, PlanElement[] elements, bool givenAsList)
{
    /// <summary>The declaration.</summary>
    public InputSpec Spec { get; } = spec;

    /// <summary>The elements given: one, several (a list for a multi input), or none.</summary>
    public PlanElement[] Elements { get; } = elements;

    /// <summary>True when a multi input was written as a list (each item is one value).</summary>
    public bool GivenAsList { get; } = givenAsList;

    /// <summary>True when the document gives the input.</summary>
    public bool Given => Elements.Length > 0;

    /// <summary>The declared default, wrapped once.</summary>
    public DataContainer Default { get; } = DataContainer.FromPlain(spec.Default);

    /// <summary>
    /// The input as one unevaluated element (what a conditional processor hands back as a branch): the element given,
    /// a list of the items given, the default as a literal, or null. Built once so reading a branch allocates nothing.
    /// </summary>
    public PlanElement? Branch { get; } = elements.Length == 1 && !givenAsList ? elements[0]
        : elements.Length > 0 ? new ListPlan(elements)
        : spec.Default is null ? null
        : new LiteralPlan(DataContainer.FromPlain(spec.Default));

    /// <summary>Offset of this input's first value among the node's evaluated values.</summary>
    public int SlotOffset { get; internal set; }
}

/// <summary>What a processor returns: a value, or (conditional processors) a branch to evaluate in its place.</summary>
public readonly struct NodeResult
{
    private NodeResult(DataContainer? value, PlanElement? branch)
    {
        Value = value;
        Branch = branch;
    }

    /// <summary>The value, when the processor produced one.</summary>
    public DataContainer? Value { get; }

    /// <summary>The branch the parser evaluates in place of the node.</summary>
    public PlanElement? Branch { get; }

    /// <summary>A branch to evaluate in place of the node; a missing branch evaluates to undefined.</summary>
    public static NodeResult Evaluate(PlanElement? branch) =>
        branch is null ? new NodeResult(DataContainer.Undefined, null) : new NodeResult(null, branch);

    /// <summary>A value.</summary>
    public static implicit operator NodeResult(DataContainer value) => new(value, null);
}
