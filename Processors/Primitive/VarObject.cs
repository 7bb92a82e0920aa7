using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A map built from key/value pairs.</summary>
public sealed class VarObject : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Object",
        "A map built from its attributes, in order. Each attribute is one key/value pair (a var_field, or a map of " +
        "one entry); a key given twice is an error. No attributes give an empty map.",
        new InputSpec("attributes", "The key/value pairs.") { Max = InputSpec.Many, LimitTypes = [DataType.Array] })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var attributes = context.Values("attributes");
        var result = new Map(attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Data is not Map { Count: 1 } pair)
            {
                throw context.Error(
                    $"Attribute {i} of node '{context.NodeId}' must be a single key/value pair, such as a var_field.");
            }
            var (key, value) = pair.GetAt(0);
            if (!result.TryAdd(key, value))
            {
                throw context.Error($"Duplicate key '{key}' in the attributes of node '{context.NodeId}'.");
            }
        }
        return DataContainer.Array(result);
    }
}
