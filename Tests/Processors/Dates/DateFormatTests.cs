using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Dates;

public class DateFormatTests : InputRulesContract
{
    protected override string Processor => "date_format";

    protected override (string Name, string Yaml)[] Valid => [("value", "'2024-05-31T12:30:00Z'"), ("format", "date")];

    private static async Task<object?> Format(string inputs) => (await Run("processor: date_format\nid: p\n" + inputs)).Data;

    [Test]
    public async Task A_date_is_written_in_another_zone() =>
        Assert.That(await Format("value: '2024-05-31T12:30:00Z'\ntime_zone: Asia/Tokyo\nformat: 'dd MMM yyyy, HH:mm'"), Is.EqualTo("31 May 2024, 21:30"));

    [Test]
    public async Task Without_a_zone_the_date_keeps_its_offset() =>
        Assert.That(await Format("value: '2024-05-31T12:30:00-04:00'\nformat: iso"), Is.EqualTo("2024-05-31T12:30:00-04:00"));

    [Test]
    public async Task Unix_seconds_are_read_as_utc()
    {
        Assert.That(await Format("value: 1717158600"), Is.EqualTo("2024-05-31T12:30:00Z"));
        Assert.That(await Format("value: 1717158600.5"), Is.EqualTo("2024-05-31T12:30:00.5Z"));
    }

    [TestCase("unix", 1717158600L)]
    [TestCase("unix_ms", 1717158600000L)]
    public async Task Unix_formats_give_integers(string format, long expected) =>
        Assert.That(await Format($"value: '2024-05-31T14:30:00+02:00'\nformat: {format}"), Is.EqualTo(expected));

    [Test]
    public async Task Rfc1123_is_always_gmt() =>
        Assert.That(await Format("value: '2024-05-31T14:30:00+02:00'\nformat: rfc1123"), Is.EqualTo("Fri, 31 May 2024 12:30:00 GMT"));

    [Test]
    public async Task A_culture_names_days_in_its_language() =>
        Assert.That(await Format("value: '2024-05-31'\nformat: dddd\nculture: de-DE"), Is.EqualTo("Freitag"));

    [Test]
    public async Task A_value_that_is_not_a_date_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_format\nid: p\nvalue: tomorrow");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400,
            "Input 'value' is not a date: 'tomorrow'. Give ISO 8601 text such as 2024-05-31T14:30:00Z, or Unix seconds (node 'p').")));
    }

    [Test]
    public async Task A_pattern_that_is_no_date_format_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_format\nid: p\nvalue: 2024-05-31\nformat: '%'");
        Assert.That((error.ProcessorId, error.HttpStatus), Is.EqualTo(("p", 400)));
        Assert.That(error.Message, Does.StartWith("Input 'format' is not a date format: '%'."));
    }
}
