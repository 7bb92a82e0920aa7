using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>How many whole units of time lie between two dates.</summary>
public sealed class DateDiff : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Date difference",
        "The number of whole units from one date to another (negative when to is earlier). Years, months, weeks and days " +
        "count on the calendar of time_zone (a birthday is a whole year; a day across a change of summer time is one " +
        "day); hours and shorter units count elapsed time. " +
        "Example: from: 1990-06-15, to: 2024-06-14, unit: years → 33.",
        DateValues.Date("from", "The first date."),
        DateValues.Date("to", "The second date."),
        new InputSpec("unit", "The unit to count.") { LimitTypes = [DataType.Text], LimitValues = DateAdd.Units, Default = "seconds" },
        DateValues.TimeZone("The zone whose calendar days, months and years count; absent = the offset of from."))
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var zone = DateValues.Zone(context);
        var from = DateValues.Read(context, "from", zone);
        var to = DateValues.Read(context, "to", zone);
        var elapsed = to - from;
        var unit = (string)context.Val("unit").Data!;
        var start = zone is null ? from.DateTime : TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var end = zone is null ? to.ToOffset(from.Offset).DateTime : TimeZoneInfo.ConvertTime(to, zone).DateTime;
        try
        {
            return DataContainer.Integer(Count(unit, start, end, elapsed));
        }
        catch (ArgumentOutOfRangeException)
        {
            // Counting reached past the year 9999.
            throw context.Error($"The difference in {unit} cannot be counted near the end of the calendar (node '{context.NodeId}').");
        }
    }

    private static long Count(string unit, DateTime start, DateTime end, TimeSpan elapsed) =>
        unit switch
        {
            "years" => Whole(start, end, end.Year - start.Year, (d, n) => d.AddYears((int)n)),
            "months" => Whole(start, end, (end.Year - start.Year) * 12L + end.Month - start.Month, (d, n) => d.AddMonths((int)n)),
            "weeks" => Whole(start, end, (end.Date - start.Date).Days / 7, (d, n) => d.AddDays(n * 7)),
            "days" => Whole(start, end, (end.Date - start.Date).Days, (d, n) => d.AddDays(n)),
            "hours" => elapsed.Ticks / TimeSpan.TicksPerHour,
            "minutes" => elapsed.Ticks / TimeSpan.TicksPerMinute,
            "seconds" => elapsed.Ticks / TimeSpan.TicksPerSecond,
            _ => elapsed.Ticks / TimeSpan.TicksPerMillisecond,
        };

    /// <summary>
    /// The whole calendar units from <paramref name="start"/> to <paramref name="end"/>, from an estimate at most one off:
    /// the largest count (toward zero) that does not pass the end.
    /// </summary>
    private static long Whole(DateTime start, DateTime end, long estimate, Func<DateTime, long, DateTime> add)
    {
        var count = estimate;
        if (end >= start)
        {
            while (count > 0 && add(start, count) > end)
            {
                count--;
            }
            while (add(start, count + 1) <= end)
            {
                count++;
            }
        }
        else
        {
            while (count < 0 && add(start, count) < end)
            {
                count++;
            }
            while (add(start, count - 1) >= end)
            {
                count--;
            }
        }
        return count;
    }
}
