using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>The key or the value of a single key/value pair.</summary>
public sealed class FieldValue : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Field value",
        "Returns the key (as text) or the value of a field: a map holding exactly one pair, as made by var_field.",
        new InputSpec("field", "The field: a map with exactly one key/value pair.") { Min = 1, LimitTypes = [DataType.Array] },
        new InputSpec("key_value", "Return the key or the value.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["key", "value"], Default = "value",
        })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var field = context.Val("field");
        if (field.Data is not ValueMap { Count: 1 } pair)
        {
            var count = field.Data is ValueMap map ? $"a map of {map.Count} pairs" : "a list";
            throw context.Error($"Input 'field' must be a single key/value pair, got {count}.");
        }
        var (key, value) = pair.GetAt(0);
        return DataItems.Option(context, "key_value").Data is "key" ? DataContainer.Text(key) : DataContainer.FromPlain(value);
    }
}
