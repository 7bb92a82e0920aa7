using Quartz;

namespace ApiStudio.Engine.Scheduling;

/// <summary>
/// A task's schedule: its cron expression read in its time zone.
/// <list type="bullet">
/// <item>Five fields are the crontab form: minute, hour, day-of-month, month, day-of-week, with day-of-week numbered
/// 0-7 (0 and 7 are Sunday) or named (MON-FRI), and a day matching either day field when both are restricted.
/// Quartz reads that form itself (<see cref="CronFormat.Unix"/>) into its own six-field spelling — seconds first,
/// day-of-week 1-7 from Sunday, <c>?</c> in the day field left open.</item>
/// <item>Six fields are the same with seconds in front (<c>*/5 * * * * *</c>): the day-of-week keeps the crontab
/// numbering, so a number means the same day in both forms. Quartz's own six-field dialect (1-7) is not accepted.</item>
/// </list>
/// Time zones are IANA names (<c>Europe/Berlin</c>); an expression fires at local times of its zone: across a
/// daylight-saving change a local time that does not exist fires once at the hour after (02:00 → 03:00), and one that
/// happens twice fires once.
/// </summary>
public sealed class CronSchedule
{
    private CronSchedule(string cron, CronExpression expression)
    {
        Cron = cron;
        Expression = expression;
    }

    /// <summary>The expression as written.</summary>
    public string Cron { get; }

    /// <summary>The Quartz expression, in the task's zone.</summary>
    public CronExpression Expression { get; }

    /// <summary>The zone fire times are local to.</summary>
    public TimeZoneInfo Zone => Expression.TimeZone;

    /// <summary>The first fire time after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Expression.GetNextValidTimeAfter(after);

    /// <summary>True when <paramref name="time"/> is one of the schedule's fire times (to the second).</summary>
    public bool Fires(DateTimeOffset time) => Expression.IsSatisfiedBy(time);

    /// <summary>
    /// The latest fire time within (<paramref name="since"/>, <paramref name="until"/>), or null: a fire time a host
    /// missed while it was down. The search steps at most <paramref name="maxSteps"/> fire times.
    /// </summary>
    public DateTimeOffset? LatestBetween(DateTimeOffset since, DateTimeOffset until, int maxSteps = 100_000)
    {
        DateTimeOffset? latest = null;
        var at = since;
        for (var step = 0; step < maxSteps && NextAfter(at) is { } next && next < until; step++)
        {
            latest = next;
            at = next;
        }
        return latest;
    }

    /// <summary>A fire time as the zone's local time with its offset (<c>2026-03-29T03:00:00+02:00</c>).</summary>
    public string Local(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Zone).ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a cron expression in a time zone. Null with <paramref name="problems"/> added (each naming
    /// <c>cron</c> or <c>time_zone</c>) when either is wrong or the expression never fires.
    /// </summary>
    public static CronSchedule? Parse(string? cron, string? timeZone, ICollection<string> problems)
    {
        var zone = FindZone(timeZone, problems);
        if (string.IsNullOrWhiteSpace(cron))
        {
            problems.Add("'cron' is required: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first.");
            return null;
        }
        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length is not (5 or 6))
        {
            problems.Add($"'cron' must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first " +
                         $"(second minute hour day-of-month month day-of-week); '{cron}' has {fields.Length}.");
            return null;
        }
        CronExpression expression;
        try
        {
            var crontab = CronExpression.Parse(string.Join(' ', fields[^5..]), CronFormat.Unix).CronExpressionString;
            // Quartz spells the crontab form with seconds 0 in front: the six-field form puts its own seconds there.
            expression = fields.Length == 5 ? new CronExpression(crontab) : new CronExpression(fields[0] + crontab[crontab.IndexOf(' ')..]);
        }
        catch (FormatException ex)
        {
            problems.Add($"'cron' '{cron}' is not a valid cron expression: {ex.Message.TrimEnd('.')}.");
            return null;
        }
        if (zone is null)
        {
            return null;
        }
        var schedule = new CronSchedule(string.Join(' ', fields), expression.WithTimeZone(zone));
        if (schedule.NextAfter(DateTimeOffset.UtcNow) is null)
        {
            problems.Add($"'cron' '{cron}' never fires (no such date comes again).");
            return null;
        }
        return schedule;
    }

    /// <summary>A schedule known to be valid (stored); throws when it no longer reads (a zone removed from the system).</summary>
    public static CronSchedule Of(string cron, string timeZone)
    {
        var problems = new List<string>();
        return Parse(cron, timeZone, problems) ?? throw new FormatException(string.Join(" ", problems));
    }

    /// <summary>The IANA zone of that name (any case); null with a problem naming <c>time_zone</c> when there is none.</summary>
    public static TimeZoneInfo? FindZone(string? name, ICollection<string> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("'time_zone' must not be empty: an IANA time zone such as UTC or Europe/Berlin.");
            return null;
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone) && zone.HasIanaId)
        {
            return zone;
        }
        problems.Add($"'time_zone' '{name}' is not an IANA time zone: use a name such as UTC, Europe/Berlin or America/New_York.");
        return null;
    }
}
