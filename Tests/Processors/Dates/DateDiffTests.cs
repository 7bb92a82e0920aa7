using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Dates;

public class DateDiffTests : InputRulesContract
{
    protected override string Processor => "date_diff";

    protected override (string Name, string Yaml)[] Valid => [("from", "'2024-05-31T12:00:00Z'"), ("to", "'2024-06-01T12:00:00Z'")];

    private static async Task<DataContainer> Diff(string from, string to, string unit, string extra = "") =>
        await Run($"processor: date_diff\nid: p\nfrom: '{from}'\nto: '{to}'\nunit: {unit}\n{extra}");

    [TestCase("years", 33L)]
    [TestCase("months", 407L)]
    [TestCase("weeks", 1774L)]
    [TestCase("days", 12418L)]
    public async Task Calendar_units_count_whole_units(string unit, long expected)
    {
        var value = await Diff("1990-06-15", "2024-06-14", unit);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, expected)));
    }

    [Test]
    public async Task A_birthday_completes_a_year() =>
        Assert.That((await Diff("1990-06-15", "2024-06-15", "years")).Data, Is.EqualTo(34L));

    [TestCase("hours", 25L)]
    [TestCase("minutes", 1530L)]
    [TestCase("seconds", 91830L)]
    [TestCase("milliseconds", 91830000L)]
    public async Task Time_units_count_elapsed_time(string unit, long expected) =>
        Assert.That((await Diff("2024-05-31T12:00:00Z", "2024-06-01T13:30:30Z", unit)).Data, Is.EqualTo(expected));

    [Test]
    public async Task An_earlier_end_gives_a_negative_count()
    {
        Assert.That((await Diff("2024-06-14", "2024-01-15", "months")).Data, Is.EqualTo(-4L));
        Assert.That((await Diff("2024-06-01T13:00:00Z", "2024-06-01T12:30:00Z", "hours")).Data, Is.EqualTo(0L));
    }

    [Test]
    public async Task Seconds_are_the_default_unit() =>
        Assert.That((await Run("processor: date_diff\nid: p\nfrom: 0\nto: 90")).Data, Is.EqualTo(90L));

    [Test]
    public async Task A_day_across_the_change_to_summer_time_is_one_day_of_23_hours()
    {
        const string Zone = "time_zone: Europe/Paris";
        Assert.That((await Diff("2024-03-30T12:00:00+01:00", "2024-03-31T12:00:00+02:00", "days", Zone)).Data, Is.EqualTo(1L));
        Assert.That((await Diff("2024-03-30T12:00:00+01:00", "2024-03-31T12:00:00+02:00", "hours", Zone)).Data, Is.EqualTo(23L));
    }

    [Test]
    public async Task Calendar_days_depend_on_the_zone()
    {
        // 23:30 UTC on the 31st is already the 1st in Tokyo, and still the 31st in UTC.
        Assert.That((await Diff("2024-05-31T12:00:00Z", "2024-05-31T23:30:00Z", "days")).Data, Is.EqualTo(0L));
        Assert.That((await Diff("2024-05-31T00:00:00+09:00", "2024-05-31T23:30:00Z", "days", "time_zone: Asia/Tokyo")).Data, Is.EqualTo(1L));
    }
}
