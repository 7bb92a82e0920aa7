using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>The number of items of a list, or of entries of a map.</summary>
public sealed class Count : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Count",
        "The number of items of a list, or of entries of a map (a json value holding one counts the same); for the " +
        "length of a text, use text_length. Example: items: [red, green, blue] → 3; items: {a: 1, b: 2} → 2.",
        new InputSpec("items", "The list or map to count.") { Min = 1, LimitTypes = [DataType.Array, DataType.Json] })
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        DataContainer.Integer(DataItems.ListOrMap(context.Val("items"), "items", context) switch
        {
            ValueMap map => map.Count,
            var list => ((List<object?>)list).Count,
        });
}
