using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Evaluates a sub-tree once per item of a list or map and returns the results.</summary>
public sealed class Map : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Map",
        "Evaluates process_loop once per item, in order, with the item and its key (a list's index, a map's key) " +
        "readable through var_temporary under the names item_name and key_name. Returns the list of results for a " +
        "list, and a map of the same keys to the results for a map. Variables of those names that existed before " +
        "are restored afterwards. Bounded by the loop iteration limit.",
        new InputSpec("values", "The list or map to map over (JSON text is read as its array).")
        {
            Min = 1, LimitTypes = [DataType.Array, DataType.Json],
        },
        new InputSpec("process_loop", "The sub-tree evaluated for each item.") { Min = 1, LiteralAllowed = false, Conditional = true },
        new InputSpec("item_name", "The temporary variable holding the current item.") { LimitTypes = [DataType.Text], Default = "item" },
        new InputSpec("key_name", "The temporary variable holding the current key or index.") { LimitTypes = [DataType.Text], Default = "key" })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var items = DataItems.ListOrMap(context.Val("values"), "values", context);
        var body = context.Branch("process_loop")
            ?? throw context.Error($"Required input 'process_loop' is missing in node '{context.NodeId}'.");
        var itemName = DataItems.Option(context, "item_name").AsText();
        var keyName = DataItems.Option(context, "key_name").AsText();
        var variables = context.Evaluation.Temporary;
        var hadItem = variables.TryGetValue(itemName, out var previousItem);
        var hadKey = variables.TryGetValue(keyName, out var previousKey);
        try
        {
            if (items is List<object?> list)
            {
                var results = new List<object?>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    context.CheckIteration(i + 1);
                    variables[itemName] = DataContainer.FromPlain(list[i]);
                    variables[keyName] = DataContainer.Integer(i);
                    results.Add((await context.EvaluateAsync(body).ConfigureAwait(false)).ToPlain(context.NodeId));
                }
                return DataContainer.Array(results);
            }
            var map = (ValueMap)items;
            var mapped = new ValueMap(map.Count);
            for (var i = 0; i < map.Count; i++)
            {
                context.CheckIteration(i + 1);
                var (key, value) = map.GetAt(i);
                variables[itemName] = DataContainer.FromPlain(value);
                variables[keyName] = DataContainer.Text(key);
                mapped[key] = (await context.EvaluateAsync(body).ConfigureAwait(false)).ToPlain(context.NodeId);
            }
            return DataContainer.Array(mapped);
        }
        finally
        {
            Restore(variables, itemName, hadItem, previousItem);
            Restore(variables, keyName, hadKey, previousKey);
        }
    }

    private static void Restore(Dictionary<string, DataContainer> variables, string name, bool existed, DataContainer? previous)
    {
        if (existed)
        {
            variables[name] = previous!;
        }
        else
        {
            variables.Remove(name);
        }
    }
}
