using System.Runtime.ExceptionServices;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Sorts a list, or the pairs of a map, by key or by value.</summary>
public sealed class Sort : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Sort",
        "Sorts the values, stably (equal items keep their order). The values form a list; when they are one array " +
        "(or JSON text of one), that array is sorted. A map keeps its pairs: sorted by key (numeric keys numerically, " +
        "others ordinally) or by value. A list sorted by key keeps its order (asc) or is reversed (desc). Values order " +
        "as: undefined, booleans, numbers (numerically), text (ordinally), lists, maps.",
        new InputSpec("values", "The values to sort: a list of values, or one list or map.") { Max = InputSpec.Many },
        new InputSpec("direction", "Sort ascending or descending.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["asc", "desc"], Default = "asc",
        },
        new InputSpec("sort_by", "Sort on key or value; when absent, lists sort by value and maps by key.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["key", "value"],
        })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var values = context.Values("values");
        var descending = DataItems.Option(context, "direction").AsText() == "desc";
        var sortBy = context.Val("sort_by");
        object items;
        if (values.Count == 1 && values[0].Type is DataType.Array or DataType.Json)
        {
            items = DataItems.ListOrMap(values[0], "values", context);
        }
        else
        {
            var list = new List<object?>(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                list.Add(values[i].ToPlain(context.NodeId));
            }
            items = list;
        }
        var sign = descending ? -1 : 1;
        if (items is ValueMap map)
        {
            var byValue = sortBy.Data is "value";
            var pairs = new KeyValuePair<string, object?>[map.Count];
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = map.GetAt(i);
            }
            StableSort(pairs, context, (a, b) => sign * (byValue ? DataItems.Compare(a.Value, b.Value) : DataItems.CompareKeys(a.Key, b.Key)));
            return DataContainer.Array(new ValueMap(pairs));
        }
        var sorted = ((List<object?>)items).ToArray();
        if (sortBy.Data is "key")
        {
            // The keys of a list are its positions: ascending is the list itself.
            if (descending)
            {
                Array.Reverse(sorted);
            }
        }
        else
        {
            StableSort(sorted, context, (a, b) => sign * DataItems.Compare(a, b));
        }
        return DataContainer.Array(new List<object?>(sorted));
    }

    private static void StableSort<T>(T[] items, NodeContext context, Comparison<T> compare)
    {
        // Lists and maps compare by their JSON text: many large items make a long sort, so the budget is checked as it goes.
        var comparisons = 0;
        // Array.Sort is not stable: break ties by the original position.
        var order = new int[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var copy = (T[])items.Clone();
        try
        {
            Array.Sort(order, (x, y) =>
            {
                if (++comparisons % 1024 == 0)
                {
                    context.ThrowIfOverBudget();
                }
                var byItem = compare(copy[x], copy[y]);
                return byItem != 0 ? byItem : x.CompareTo(y);
            });
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ApiException or OperationCanceledException)
        {
            // Array.Sort wraps what the comparison throws: the budget's error is passed on as it is.
            ExceptionDispatchInfo.Throw(ex.InnerException);
        }
        for (var i = 0; i < order.Length; i++)
        {
            items[i] = copy[order[i]];
        }
    }
}
