using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>A date written in a given pattern, read into ISO 8601.</summary>
public sealed class DateParse : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Date parse",
        "Reads a date written as format (a .NET pattern such as dd/MM/yyyy HH:mm) or, without format, in any common form " +
        "(ISO 8601, RFC 1123), and returns it as ISO 8601 text. A date written without an offset is a time of time_zone. " +
        "Text that is not such a date is an error (400). " +
        "Example: value: 31/05/2024 14:30, format: dd/MM/yyyy HH:mm, time_zone: Europe/Paris → 2024-05-31T14:30:00+02:00.",
        new InputSpec("value", "The date as written.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("format", "The .NET pattern it is written in; absent = any common form.") { LimitTypes = [DataType.Text] },
        DateValues.TimeZone("The zone of a date written without an offset; absent = UTC."),
        DateValues.Culture)
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = (string)context.Val("value").Data!;
        var format = context.Val("format");
        var pattern = format.IsUndefined ? null : (string)format.Data!;
        DateTimeOffset? date;
        try
        {
            date = DateValues.Parse(text, pattern, DateValues.CultureOf(context), DateValues.Zone(context));
        }
        catch (FormatException)
        {
            throw context.Error($"Input 'format' is not a date format: '{pattern}' (node '{context.NodeId}').");
        }
        return date is { } parsed
            ? DataContainer.Text(DateValues.Iso(parsed))
            : throw context.Error(pattern is null
                ? $"Input 'value' is not a date: '{text}' (node '{context.NodeId}')."
                : $"Input 'value' is not a date written as {pattern}: '{text}' (node '{context.NodeId}').");
    }
}
