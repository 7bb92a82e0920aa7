using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>Any value; text is given the type it looks like (boolean, integer, float, array).</summary>
public sealed class VarLooselyTyped : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Loosely typed",
        "Any value. Text that reads as a boolean (true/false), an integer, a float or a JSON list or object gets that " +
        "type (\"42\" gives the integer 42); other values are returned unchanged.",
        new InputSpec("value", "The value.") { Min = 1 })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var value = context.Val("value");
        return value.Type == DataType.Text ? Detect(value, ((string)value.Data!).Trim()) : value;
    }

    private static DataContainer Detect(DataContainer original, string text)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return DataContainer.Boolean(text.Length == 4);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return DataContainer.Integer(integer);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return DataContainer.Float(number);
        }
        return text.Length > 1 && text[0] is '[' or '{' && PlainJson.TryParse(text, out var parsed)
            ? DataContainer.FromPlain(parsed)
            : original;
    }
}
