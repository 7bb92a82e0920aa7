using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>A date written in a format, optionally in another time zone.</summary>
public sealed class DateFormat : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Date format",
        "Writes a date in a format, after moving it to time_zone when given (else it keeps its own offset). " +
        "Example: value: 2024-05-31T12:30:00Z, time_zone: Asia/Tokyo, format: \"dd MMM yyyy, HH:mm\" → 31 May 2024, 21:30.",
        DateValues.Date("value", "The date."),
        DateValues.Format,
        DateValues.TimeZone("The zone to write the date's local time in; absent = the date's own offset."),
        DateValues.Culture)
    {
        Returns = [DataType.Text, DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var zone = DateValues.Zone(context);
        var date = DateValues.Read(context, "value", null);
        return DateValues.Write(context, zone is null ? date : TimeZoneInfo.ConvertTime(date, zone), DateValues.CultureOf(context));
    }
}
