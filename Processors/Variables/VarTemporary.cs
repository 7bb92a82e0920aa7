using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Variables;

/// <summary>A variable that lives for one request: save, fetch or delete it by key.</summary>
public sealed class VarTemporary : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Temporary variable",
        "A variable that lives for the current request only (loops also keep their current key and value here). " +
        "save stores value and returns true; fetch returns the value; delete removes it and returns true. " +
        "A missing (or undefined) variable is an error when strict, else fetch gives undefined and delete false.",
        new InputSpec("key", "The name of the variable.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("value", "The value to store (save only)."),
        new InputSpec("operation", "What to do.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = ["save", "fetch", "delete"] },
        new InputSpec("strict", "Fail when fetch or delete finds no variable.") { LimitTypes = [DataType.Boolean], Default = true })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var key = context.Val("key").AsText(context.NodeId);
        var variables = context.Evaluation.Temporary;
        switch ((string)context.Val("operation").Data!)
        {
            case "save":
                if (!context.Has("value"))
                {
                    throw context.Error($"Operation save needs the input 'value' (node '{context.NodeId}').");
                }
                variables[key] = context.Val("value");
                return DataContainer.True;
            case "fetch":
                return variables.TryGetValue(key, out var value) && !value.IsUndefined
                    ? value
                    : Missing(context, key, DataContainer.Undefined);
            default: // "delete": Val has checked the operation against its allowed values.
                return variables.Remove(key) ? DataContainer.True : Missing(context, key, DataContainer.False);
        }
    }

    private static DataContainer Missing(NodeContext context, string key, DataContainer lenient) =>
        context.Val("strict").AsBoolean(context.NodeId)
            ? throw context.Error($"Temporary variable ({key}) does not exist or is undefined.")
            : lenient;
}
