using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;
using ApiStudio.Processors.Logic;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Keeps the items of a list (or the pairs of a map) that satisfy a comparison.</summary>
public sealed class Filter : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Filter",
        "Keeps, in order, the items of a list (or the pairs of a map) for which 'item operator rhs' holds, with the " +
        "comparison rules of if_then_else. With key, the comparison reads that field of each item instead (a map's " +
        "value under key, or a list's item at that index; a missing field is undefined). Returns a list for a list " +
        "and a map for a map. Example: values = the users, key = age, operator = >=, rhs = 18.",
        new InputSpec("values", "The list or map to filter (JSON text is read as its array).")
        {
            Min = 1, LimitTypes = [DataType.Array, DataType.Json],
        },
        new InputSpec("operator", "The comparison.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = Comparison.Operators },
        new InputSpec("rhs", "The value each item (or its field) is compared with.") { Min = 1 },
        new InputSpec("key", "Compare this field of each item rather than the item itself.")
        {
            LimitTypes = [DataType.Text, DataType.Integer],
        },
        new InputSpec("strict", "Compare types as well as values (== and !=).") { LimitTypes = [DataType.Boolean], Default = true })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var items = DataItems.ListOrMap(context.Val("values"), "values", context);
        var op = (string)context.Val("operator").Data!;
        var rhs = context.Val("rhs");
        var strict = DataItems.Option(context, "strict").AsBoolean();
        var key = context.Has("key") ? context.Val("key").AsText() : null;
        if (items is ValueMap map)
        {
            var kept = new ValueMap();
            foreach (var (name, value) in map)
            {
                if (Comparison.Holds(Field(value, key), rhs, op, strict, context.NodeId))
                {
                    kept[name] = value;
                }
            }
            return DataContainer.Array(kept);
        }
        var list = (List<object?>)items;
        var result = new List<object?>();
        foreach (var item in list)
        {
            if (Comparison.Holds(Field(item, key), rhs, op, strict, context.NodeId))
            {
                result.Add(item);
            }
        }
        return DataContainer.Array(result);
    }

    private static DataContainer Field(object? item, string? key) => key is null
        ? DataContainer.FromPlain(item)
        : item switch
        {
            ValueMap map when map.TryGetValue(key, out var value) => DataContainer.FromPlain(value),
            List<object?> list when int.TryParse(key, out var index) && index >= 0 && index < list.Count
                => DataContainer.FromPlain(list[index]),
            _ => DataContainer.Undefined,
        };
}
