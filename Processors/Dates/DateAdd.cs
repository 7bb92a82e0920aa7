using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>A date moved by an amount of a unit of time.</summary>
public sealed class DateAdd : Processor
{
    /// <summary>The units, longest first.</summary>
    public static readonly string[] Units = ["years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds"];

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Date add",
        "Adds amount units to a date (a negative amount goes back) and returns ISO 8601 text. Years, months, weeks and " +
        "days move on the calendar of time_zone, keeping the wall-clock time across a change of summer time (a month from " +
        "31 January is the last day of February); hours and shorter units add elapsed time. " +
        "Example: value: 2024-03-30T12:00:00+01:00, amount: 1, unit: days, time_zone: Europe/Paris → 2024-03-31T12:00:00+02:00.",
        DateValues.Date("value", "The date to move."),
        new InputSpec("amount", "How many units; negative = earlier.") { Min = 1, LimitTypes = [DataType.Integer] },
        new InputSpec("unit", "The unit of amount.") { Min = 1, LimitTypes = [DataType.Text], LimitValues = Units },
        DateValues.TimeZone("The zone whose calendar days, months and years count (the result is given in it); absent = the date's own offset."))
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var zone = DateValues.Zone(context);
        var date = DateValues.Read(context, "value", zone);
        var amount = context.Val("amount").AsInteger(context.NodeId);
        var unit = (string)context.Val("unit").Data!;
        try
        {
            var local = zone is null ? date : TimeZoneInfo.ConvertTime(date, zone);
            var moved = unit switch
            {
                "years" => Calendar(local, zone, d => d.AddYears(checked((int)amount))),
                "months" => Calendar(local, zone, d => d.AddMonths(checked((int)amount))),
                "weeks" => Calendar(local, zone, d => d.AddDays(checked(amount * 7))),
                "days" => Calendar(local, zone, d => d.AddDays(amount)),
                "hours" => Elapsed(local, zone, TimeSpan.FromHours(amount)),
                "minutes" => Elapsed(local, zone, TimeSpan.FromMinutes(amount)),
                "seconds" => Elapsed(local, zone, TimeSpan.FromSeconds(amount)),
                _ => Elapsed(local, zone, TimeSpan.FromMilliseconds(amount)),
            };
            return DataContainer.Text(DateValues.Iso(moved));
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            throw context.Error($"Adding {amount} {unit} to {DateValues.Iso(date)} leaves the years 1 to 9999 (node '{context.NodeId}').");
        }
    }

    private static DateTimeOffset Calendar(DateTimeOffset local, TimeZoneInfo? zone, Func<DateTime, DateTime> move) =>
        zone is null ? new DateTimeOffset(move(local.DateTime), local.Offset) : DateValues.AtLocalTime(move(local.DateTime), zone);

    private static DateTimeOffset Elapsed(DateTimeOffset local, TimeZoneInfo? zone, TimeSpan span) =>
        zone is null ? local + span : TimeZoneInfo.ConvertTime(local + span, zone);
}
