using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Dates;

public class DateParseTests : InputRulesContract
{
    protected override string Processor => "date_parse";

    protected override (string Name, string Yaml)[] Valid => [("value", "'31/05/2024 14:30'"), ("format", "'dd/MM/yyyy HH:mm'"), ("time_zone", "Europe/Paris")];

    private static async Task<object?> Parse(string inputs) => (await Run("processor: date_parse\nid: p\n" + inputs)).Data;

    [Test]
    public async Task A_pattern_reads_a_local_time_of_the_zone() =>
        Assert.That(await Parse("value: '31/05/2024 14:30'\nformat: 'dd/MM/yyyy HH:mm'\ntime_zone: Europe/Paris"), Is.EqualTo("2024-05-31T14:30:00+02:00"));

    [Test]
    public async Task The_zone_gives_the_offset_of_the_date_not_of_today() =>
        Assert.That(await Parse("value: '15/01/2024 09:00'\nformat: 'dd/MM/yyyy HH:mm'\ntime_zone: Europe/Paris"), Is.EqualTo("2024-01-15T09:00:00+01:00"));

    [Test]
    public async Task Without_a_zone_a_time_without_offset_is_utc() =>
        Assert.That(await Parse("value: '2024-05-31 14:30'"), Is.EqualTo("2024-05-31T14:30:00Z"));

    [TestCase("2024-05-31T14:30:00+05:30", "2024-05-31T14:30:00+05:30")]
    [TestCase("2024-05-31T14:30:00.25Z", "2024-05-31T14:30:00.25Z")]
    [TestCase("2024-05-31", "2024-05-31T00:00:00+09:00")]
    [TestCase("Fri, 31 May 2024 12:30:00 GMT", "2024-05-31T12:30:00Z")]
    public async Task Common_forms_are_read_without_a_pattern_and_a_date_alone_is_midnight_in_the_zone(string value, string expected) =>
        Assert.That(await Parse($"value: '{value}'\ntime_zone: Asia/Tokyo"), Is.EqualTo(expected));

    [Test]
    public async Task An_offset_in_the_text_wins_over_the_zone() =>
        Assert.That(await Parse("value: '2024-05-31 14:30 +01:00'\nformat: 'yyyy-MM-dd HH:mm zzz'\ntime_zone: Asia/Tokyo"), Is.EqualTo("2024-05-31T14:30:00+01:00"));

    [Test]
    public async Task A_culture_reads_month_names_of_its_language() =>
        Assert.That(await Parse("value: '31 mai 2024'\nformat: 'd MMMM yyyy'\nculture: fr-FR"), Is.EqualTo("2024-05-31T00:00:00Z"));

    [Test]
    public async Task Text_that_is_not_a_date_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_parse\nid: p\nvalue: soon");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'value' is not a date: 'soon' (node 'p').")));
    }

    [Test]
    public async Task Text_not_written_as_the_pattern_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_parse\nid: p\nvalue: 2024-05-31\nformat: dd/MM/yyyy");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message),
            Is.EqualTo(("p", 400, "Input 'value' is not a date written as dd/MM/yyyy: '2024-05-31' (node 'p').")));
    }
}
