using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>The current date and time, in a time zone and a format.</summary>
public sealed class DateNow : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Date now",
        "The current date and time from the host's clock, in a time zone (UTC by default) and a format. " +
        "Example: time_zone: Europe/Paris → 2024-05-31T14:30:05.123+02:00; format: date → 2024-05-31.",
        DateValues.TimeZone("The zone whose local time to give; absent = UTC."),
        DateValues.Format,
        DateValues.Culture)
    {
        Returns = [DataType.Text, DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var now = DateValues.Clock(context).GetUtcNow();
        var zone = DateValues.Zone(context);
        return DateValues.Write(context, zone is null ? now : TimeZoneInfo.ConvertTime(now, zone), DateValues.CultureOf(context));
    }
}
