using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Merges several lists, or several maps, into one array.</summary>
public sealed class Merge : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Merge",
        "Merges the sources in order. Lists: union appends the items; intersect keeps the items of the first list " +
        "found in every other list; difference keeps the items found on only one side (applied source by source). " +
        "Maps: union adds the pairs, a later value replacing an earlier one under the same key; intersect keeps the " +
        "pairs of the first map whose key is in every other map; difference keeps the pairs whose key is on only one " +
        "side. A single value counts as a list of one item; JSON text is read as its array. Lists and maps cannot be " +
        "mixed. Items are equal when they have the same type and value.",
        new InputSpec("sources", "The lists or maps to merge, in order (undefined counts as an empty list).")
        {
            Min = 2, Max = InputSpec.Many,
            LimitTypes = [DataType.Array, DataType.Json, DataType.Text, DataType.Integer, DataType.Float, DataType.Boolean, DataType.Undefined],
        },
        new InputSpec("merge_type", "The merge operation.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["union", "intersect", "difference"], Default = "union",
        },
        new InputSpec("unique", "Remove duplicate values (the first occurrence stays).")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        },
        new InputSpec("reset_keys", "Return a map result as the list of its values (lists are always numbered from 0).")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var sources = context.Values("sources");
        var operation = DataItems.Option(context, "merge_type").AsText();
        var unique = DataItems.Option(context, "unique").AsBoolean();
        var lists = new List<List<object?>>(sources.Count);
        var maps = new List<ValueMap>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var plain = source.Type == DataType.Json ? DataItems.ParseJson((string)source.Data!, "sources", context) : source.Data;
            switch (plain)
            {
                case ValueMap map:
                    maps.Add(map);
                    break;
                case List<object?> list:
                    lists.Add(list);
                    break;
                case null when source.IsUndefined:
                    lists.Add([]);
                    break;
                default:
                    lists.Add([plain]);
                    break;
            }
        }
        // A union holds every source's items, the same source given many times included: refuse it before copying.
        long size = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            size += sources[i].SizeWithin(context.Evaluation.Memory.RemainingBytes - size);
            context.EnsureFits(size);
        }
        if (lists.Count > 0 && maps.Count > 0)
        {
            throw context.Error("Input 'sources' mixes lists and maps: merge either lists or maps.");
        }
        if (maps.Count == 0)
        {
            return DataContainer.Array(DataItems.MergeLists(lists, operation, unique));
        }
        var merged = DataItems.MergeMaps(maps, operation, unique);
        return DataItems.Option(context, "reset_keys").AsBoolean()
            ? DataContainer.Array(new List<object?>(merged.Values))
            : DataContainer.Array(merged);
    }
}
