using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>Chooses one of several branches by value; only the chosen branch is evaluated.</summary>
public sealed class Switch : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Switch",
        "Evaluates the case whose key equals the value as text (1, true and \"1\" match keys \"1\" and \"true\"); "
        + "else the default, else undefined. Only the chosen branch is evaluated, in place of this node.",
        new InputSpec("value", "The value to match, compared as text with each case key.") { Min = 1 },
        new InputSpec("cases", "Map of case key to the value or node to use for it.")
        {
            LimitTypes = [DataType.Array], Conditional = true,
        },
        new InputSpec("default", "Used when no case matches.") { Conditional = true })
    {
        Returns = [],
        ReturnsBranches = ["cases", "default"],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var key = context.Val("value").AsText(context.NodeId);
        switch (context.Branch("cases"))
        {
            case MapPlan map:
                // Some case holds a node: choose its element and let the parser evaluate only that one.
                for (var i = 0; i < map.Keys.Length; i++)
                {
                    if (string.Equals(map.Keys[i], key, StringComparison.Ordinal))
                    {
                        return NodeResult.Evaluate(map.Values[i]);
                    }
                }
                break;
            case LiteralPlan { Value.Data: Map literals }:
                if (literals.TryGetValue(key, out var chosen))
                {
                    return DataContainer.FromPlain(chosen);
                }
                break;
            case null:
                break;
            default:
                throw context.Error("Input 'cases' must be a map of case key to value.");
        }
        return NodeResult.Evaluate(context.Branch("default"));
    }
}
