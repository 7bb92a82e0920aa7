using ApiStudio.Engine.Scheduling;

namespace ApiStudio.Tests.Engine.Scheduling;

/// <summary>
/// Cron expressions of tasks: the five-field crontab form (day-of-week 0-7 with 0 and 7 Sunday, names, ranges that
/// wrap, steps, either day field matching when both are restricted, <c>?</c>), the six-field form with seconds first and
/// the same day numbering, time zones by IANA name, daylight-saving changes, and refusals naming the field.
/// </summary>
public class CronScheduleTests
{
    // Monday 5 January 2026, 00:00 UTC: the week Monday..Sunday follows.
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static CronSchedule Read(string cron, string zone = "UTC")
    {
        var problems = new List<string>();
        var schedule = CronSchedule.Parse(cron, zone, problems);
        Assert.That(problems, Is.Empty);
        return schedule!;
    }

    private static List<string> Problems(string? cron, string? zone = "UTC")
    {
        var problems = new List<string>();
        Assert.That(CronSchedule.Parse(cron, zone, problems), Is.Null);
        return problems;
    }

    /// <summary>The days of the week (Monday..Sunday of one week) at whose midnight the schedule fires.</summary>
    private static IEnumerable<DayOfWeek> Days(CronSchedule schedule) =>
        Enumerable.Range(0, 7).Select(i => Monday.AddDays(i)).Where(schedule.Fires).Select(d => d.DayOfWeek);

    [TestCase("0 0 * * 0", new[] { DayOfWeek.Sunday })]
    [TestCase("0 0 * * 7", new[] { DayOfWeek.Sunday })]
    [TestCase("0 0 * * 1", new[] { DayOfWeek.Monday })]
    [TestCase("0 0 * * 6", new[] { DayOfWeek.Saturday })]
    [TestCase("0 0 * * 1-5", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    [TestCase("0 0 * * 5-7", new[] { DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [TestCase("0 0 * * FRI-MON", new[] { DayOfWeek.Monday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [TestCase("0 0 * * sat,sun", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [TestCase("0 0 * * */2", new[] { DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [TestCase("0 0 * * 1-5/2", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday })]
    [TestCase("0 0 * * 0,7", new[] { DayOfWeek.Sunday })]
    [TestCase("0 0 ? * 2", new[] { DayOfWeek.Tuesday })]
    public void Five_fields_number_the_days_of_the_week_as_crontab_does(string cron, DayOfWeek[] expected) =>
        Assert.That(Days(Read(cron)), Is.EquivalentTo(expected));

    [TestCase("0 0 0 * * 1", new[] { DayOfWeek.Monday })]
    [TestCase("0 0 0 * * 0", new[] { DayOfWeek.Sunday })]
    [TestCase("0 0 0 * * 7", new[] { DayOfWeek.Sunday })]
    [TestCase("0 0 0 ? * MON-FRI", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    public void Six_fields_keep_the_crontab_day_numbering(string cron, DayOfWeek[] expected) =>
        Assert.That(Days(Read(cron)), Is.EquivalentTo(expected));

    [Test]
    public void Six_fields_put_seconds_first()
    {
        var everyTen = Read("*/10 * * * * *");
        Assert.That(everyTen.NextAfter(Monday.AddSeconds(3)), Is.EqualTo(Monday.AddSeconds(10)));
        Assert.That(everyTen.Fires(Monday.AddSeconds(20)), Is.True);
        Assert.That(everyTen.Fires(Monday.AddSeconds(25)), Is.False);
        var halfPast = Read("30 15 10 * * *");
        Assert.That(halfPast.NextAfter(Monday), Is.EqualTo(Monday.AddHours(10).AddMinutes(15).AddSeconds(30)));
    }

    [Test]
    public void Five_fields_fire_on_the_minute()
    {
        var schedule = Read("*/15 9-17 * * MON-FRI");
        Assert.That(schedule.NextAfter(Monday), Is.EqualTo(Monday.AddHours(9)));
        Assert.That(schedule.NextAfter(Monday.AddHours(9)), Is.EqualTo(Monday.AddHours(9).AddMinutes(15)));
        Assert.That(schedule.NextAfter(Monday.AddDays(4).AddHours(17).AddMinutes(45)), Is.EqualTo(Monday.AddDays(7).AddHours(9)), "Friday evening to Monday");
    }

    [Test]
    public void When_both_day_fields_are_restricted_either_one_fires_as_in_crontab()
    {
        // The 1st of the month, and every Monday.
        var schedule = Read("0 0 1 * 1");
        var days = new List<DateTimeOffset>();
        for (var at = Monday.AddDays(-1); days.Count < 6;)
        {
            at = schedule.NextAfter(at)!.Value;
            days.Add(at);
        }
        Assert.That(days.Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(new[] { "01-05", "01-12", "01-19", "01-26", "02-01", "02-02" }));
    }

    [Test]
    public void A_time_zone_fires_at_its_local_times_across_daylight_saving()
    {
        var berlin = Read("0 2 * * *", "Europe/Berlin");
        // 29 March 2026: 02:00 does not exist in Berlin (clocks go from 02:00 to 03:00): that day fires once, at 03:00, and
        // the next day at 02:00 summer time (00:00 UTC).
        var before = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);
        var fires = new List<DateTimeOffset>();
        for (var at = before; fires.Count < 4;)
        {
            at = berlin.NextAfter(at)!.Value;
            fires.Add(at);
        }
        Assert.That(fires[0], Is.EqualTo(new DateTimeOffset(2026, 3, 28, 1, 0, 0, TimeSpan.Zero)), "02:00 CET");
        Assert.That(fires[1], Is.EqualTo(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)), "the missing 02:00 fires at 03:00 CEST");
        Assert.That(fires.Select(f => f.UtcDateTime.Date).Distinct().Count(), Is.EqualTo(4), "one fire per day");
        Assert.That(fires[^1], Is.EqualTo(new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero)), "02:00 CEST");
        Assert.That(berlin.Local(fires[^1]), Is.EqualTo("2026-03-31T02:00:00+02:00"));
        Assert.That(Read("0 9 * * *", "America/New_York").Local(new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero)),
            Is.EqualTo("2026-01-05T09:00:00-05:00"));
    }

    [Test]
    public void A_local_time_that_happens_twice_when_clocks_go_back_fires_once()
    {
        // 25 October 2026: Berlin's clocks go back from 03:00 CEST to 02:00 CET, so 02:30 happens twice.
        var berlin = Read("30 2 * * *", "Europe/Berlin");
        var first = berlin.NextAfter(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero))!.Value;
        var second = berlin.NextAfter(first)!.Value;
        Assert.That(first, Is.EqualTo(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero)), "02:30 CEST");
        Assert.That(second, Is.EqualTo(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero)), "the next day, 02:30 CET");
    }

    [Test]
    public void Zones_are_IANA_names_in_any_case()
    {
        Assert.That(Read("* * * * *", "europe/berlin").Zone.Id, Is.EqualTo("Europe/Berlin"));
        Assert.That(Read("* * * * *", "UTC").Zone.Id, Is.EqualTo("UTC"));
        Assert.That(Problems("* * * * *", "W. Europe Standard Time").Single(), Does.StartWith("'time_zone' 'W. Europe Standard Time' is not an IANA time zone"));
        Assert.That(Problems("* * * * *", "+02:00").Single(), Does.StartWith("'time_zone' '+02:00' is not an IANA time zone"));
        Assert.That(Problems("* * * * *", "").Single(), Does.StartWith("'time_zone' must not be empty"));
    }

    [TestCase(null, "'cron' is required")]
    [TestCase("  ", "'cron' is required")]
    [TestCase("* * * *", "'cron' must have 5 fields")]
    [TestCase("0 0 0 * * ? 2030", "'cron' must have 5 fields")]
    [TestCase("@daily", "'cron' must have 5 fields")]
    [TestCase("60 * * * *", "'cron' '60 * * * *' is not a valid cron expression")]
    [TestCase("* 24 * * *", "'cron' '* 24 * * *' is not a valid cron expression")]
    [TestCase("* * 32 * *", "'cron' '* * 32 * *' is not a valid cron expression")]
    [TestCase("* * * 13 *", "'cron' '* * * 13 *' is not a valid cron expression")]
    [TestCase("* * * * 8", "'cron' '* * * * 8' is not a valid cron expression")]
    [TestCase("* * * * MOO", "'cron' '* * * * MOO' is not a valid cron expression")]
    [TestCase("*/0 * * * *", "'cron' '*/0 * * * *' is not a valid cron expression")]
    [TestCase("60 * * * * *", "'cron' '60 * * * * *' is not a valid cron expression")]
    [TestCase("x * * * * *", "'cron' 'x * * * * *' is not a valid cron expression")]
    [TestCase("0 0 31 2 *", "'cron' '0 0 31 2 *' never fires")]
    public void A_bad_expression_is_refused_naming_cron(string? cron, string expected) =>
        Assert.That(Problems(cron).Single(), Does.StartWith(expected));

    [Test]
    public void A_bad_expression_and_a_bad_zone_are_both_reported() =>
        Assert.That(Problems("61 * * * *", "Nowhere/Town"), Has.Count.EqualTo(2));

    [Test]
    public void The_expression_is_kept_as_written_with_single_spaces() =>
        Assert.That(Read("  */5   *  * * * ").Cron, Is.EqualTo("*/5 * * * *"));

    [Test]
    public void The_latest_missed_fire_time_is_found_within_a_window()
    {
        var minutely = Read("0 * * * * *");
        Assert.That(minutely.LatestBetween(Monday.AddSeconds(-90), Monday.AddSeconds(30)), Is.EqualTo(Monday));
        Assert.That(minutely.LatestBetween(Monday.AddSeconds(1), Monday.AddSeconds(59)), Is.Null);
    }
}
