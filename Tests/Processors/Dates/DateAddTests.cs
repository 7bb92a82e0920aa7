using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Dates;

public class DateAddTests : InputRulesContract
{
    protected override string Processor => "date_add";

    protected override (string Name, string Yaml)[] Valid => [("value", "'2024-05-31T12:00:00Z'"), ("amount", "1"), ("unit", "days")];

    private static async Task<object?> Add(string value, long amount, string unit, string extra = "") =>
        (await Run($"processor: date_add\nid: p\nvalue: '{value}'\namount: {amount}\nunit: {unit}\n{extra}")).Data;

    [TestCase(1, "years", "2025-05-31T12:00:00Z")]
    [TestCase(1, "months", "2024-06-30T12:00:00Z")]
    [TestCase(2, "weeks", "2024-06-14T12:00:00Z")]
    [TestCase(-31, "days", "2024-04-30T12:00:00Z")]
    [TestCase(36, "hours", "2024-06-02T00:00:00Z")]
    [TestCase(-90, "minutes", "2024-05-31T10:30:00Z")]
    [TestCase(45, "seconds", "2024-05-31T12:00:45Z")]
    [TestCase(250, "milliseconds", "2024-05-31T12:00:00.25Z")]
    public async Task Each_unit_moves_the_date(long amount, string unit, string expected) =>
        Assert.That(await Add("2024-05-31T12:00:00Z", amount, unit), Is.EqualTo(expected));

    [Test]
    public async Task A_month_from_the_31st_of_january_is_the_last_day_of_february() =>
        Assert.That(await Add("2024-01-31T09:00:00Z", 1, "months"), Is.EqualTo("2024-02-29T09:00:00Z"));

    [Test]
    public async Task A_day_across_the_change_to_summer_time_keeps_the_wall_clock_time() =>
        Assert.That(await Add("2024-03-30T12:00:00+01:00", 1, "days", "time_zone: Europe/Paris"), Is.EqualTo("2024-03-31T12:00:00+02:00"));

    [Test]
    public async Task Hours_across_the_change_to_summer_time_are_elapsed_time() =>
        Assert.That(await Add("2024-03-30T12:00:00+01:00", 24, "hours", "time_zone: Europe/Paris"), Is.EqualTo("2024-03-31T13:00:00+02:00"));

    [Test]
    public async Task Without_a_zone_the_date_keeps_its_offset() =>
        Assert.That(await Add("2024-03-30T12:00:00+01:00", 1, "days"), Is.EqualTo("2024-03-31T12:00:00+01:00"));

    [Test]
    public async Task A_wall_clock_time_skipped_by_the_clock_change_moves_past_it() =>
        Assert.That(await Add("2024-03-30T02:30:00+01:00", 1, "days", "time_zone: Europe/Paris"), Is.EqualTo("2024-03-31T03:30:00+02:00"));

    [Test]
    public async Task Unix_seconds_are_moved_in_utc() =>
        Assert.That((await Run("processor: date_add\nid: p\nvalue: 0\namount: 1\nunit: days")).Data, Is.EqualTo("1970-01-02T00:00:00Z"));

    [Test]
    public async Task Leaving_the_calendar_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_add\nid: p\nvalue: '9999-12-31T00:00:00Z'\namount: 1\nunit: days");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message),
            Is.EqualTo(("p", 400, "Adding 1 days to 9999-12-31T00:00:00Z leaves the years 1 to 9999 (node 'p').")));
    }
}
