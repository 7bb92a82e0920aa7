using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>Evaluates a body once per item of an array and returns the list of results.</summary>
public sealed class ForEachItem : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "For each item",
        "Evaluates process_loop once per item of input and returns the list of the results. During each pass the "
        + "item's key (index of a list, key of a map) and value are temporary variables, readable by var_temporary "
        + "under key_name and value_name (by default \"<this node's id>.key\" and \"<this node's id>.val\").",
        new InputSpec("input", "The list or map to iterate.") { Min = 1, LimitTypes = [DataType.Array] },
        new InputSpec("process_loop", "The body, evaluated once per item.") { Min = 1, LiteralAllowed = false, Conditional = true },
        new InputSpec("key_name", "Temporary variable holding the current key; default \"<id>.key\".") { LimitTypes = [DataType.Text] },
        new InputSpec("value_name", "Temporary variable holding the current value; default \"<id>.val\".") { LimitTypes = [DataType.Text] })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
        Conditional = true,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var input = context.Val("input").Data;
        var body = context.Branch("process_loop")!;
        var keyName = context.Has("key_name") ? context.Val("key_name").AsText() : context.NodeId + ".key";
        var valueName = context.Has("value_name") ? context.Val("value_name").AsText() : context.NodeId + ".val";
        var variables = context.Evaluation.Temporary;
        // Loop variables are scoped to the loop: whatever the names held before is restored afterwards.
        variables.TryGetValue(keyName, out var outerKey);
        variables.TryGetValue(valueName, out var outerValue);
        var results = new List<object?>();
        try
        {
            if (input is Map map)
            {
                var pass = 0;
                foreach (var (key, value) in map)
                {
                    context.CheckIteration(++pass);
                    variables[keyName] = DataContainer.Text(key);
                    variables[valueName] = DataContainer.FromPlain(value);
                    results.Add((await context.EvaluateAsync(body).ConfigureAwait(false)).ToPlain(context.NodeId));
                }
            }
            else if (input is List<object?> list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    context.CheckIteration(i + 1);
                    variables[keyName] = DataContainer.Integer(i);
                    variables[valueName] = DataContainer.FromPlain(list[i]);
                    results.Add((await context.EvaluateAsync(body).ConfigureAwait(false)).ToPlain(context.NodeId));
                }
            }
        }
        finally
        {
            Restore(variables, keyName, outerKey);
            Restore(variables, valueName, outerValue);
        }
        return DataContainer.Array(results);
    }

    private static void Restore(Dictionary<string, DataContainer> variables, string name, DataContainer? outer)
    {
        if (outer is null)
        {
            variables.Remove(name);
        }
        else
        {
            variables[name] = outer;
        }
    }
}
