using System.Net;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Dates;

public class DateNowTests : InputRulesContract
{
    private static readonly DateTimeOffset Moment = new(2024, 5, 31, 12, 30, 5, 123, TimeSpan.Zero);

    protected override string Processor => "date_now";

    protected override (string Name, string Yaml)[] Valid => [("time_zone", "Europe/Paris")];

    protected override bool Deterministic => false;

    private static async Task<object?> Now(string inputs = "") =>
        (await Run("processor: date_now\nid: p\n" + inputs, services: Clock(Moment))).Data;

    [Test]
    public async Task Now_is_iso_8601_utc_by_default() => Assert.That(await Now(), Is.EqualTo("2024-05-31T12:30:05.123Z"));

    [Test]
    public async Task A_time_zone_gives_its_local_time_and_offset() =>
        Assert.That(await Now("time_zone: Europe/Paris"), Is.EqualTo("2024-05-31T14:30:05.123+02:00"));

    [TestCase("date", "2024-05-31")]
    [TestCase("time", "12:30:05")]
    [TestCase("rfc1123", "Fri, 31 May 2024 12:30:05 GMT")]
    [TestCase("yyyyMMdd-HHmm", "20240531-1230")]
    public async Task Named_formats_and_patterns_write_the_date(string format, string expected) =>
        Assert.That(await Now($"format: '{format}'"), Is.EqualTo(expected));

    [Test]
    public async Task Unix_formats_give_integers()
    {
        Assert.That(await Now("format: unix"), Is.EqualTo(1717158605L));
        Assert.That(await Now("format: unix_ms"), Is.EqualTo(1717158605123L));
    }

    [Test]
    public async Task A_culture_names_months_in_its_language() =>
        Assert.That(await Now("format: 'd MMMM yyyy'\nculture: fr-FR"), Is.EqualTo("31 mai 2024"));

    [Test]
    public async Task An_unknown_time_zone_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_now\nid: p\ntime_zone: Mars/Olympus");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400,
            "Input 'time_zone': unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Paris, or UTC (node 'p').")));
    }

    [Test]
    public async Task An_unknown_culture_is_refused_with_node_id()
    {
        var error = await RunFails("processor: date_now\nid: p\nculture: xx-NOPE");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'culture': unknown culture 'xx-NOPE' (node 'p').")));
    }

    [Test]
    public async Task Over_http_now_is_the_host_clock()
    {
        var clock = new ManualClock(Moment);
        await using var host = await TestHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        await host.PublishAsync("examples", "demo", "get", "clock", "processor: date_now\nid: now");
        var first = await host.GetAsync("api/examples/demo/clock");
        clock.Advance(TimeSpan.FromDays(1));
        var second = await host.GetAsync("api/examples/demo/clock");
        Assert.That((first.Status, first.Data, second.Data),
            Is.EqualTo((HttpStatusCode.OK, "2024-05-31T12:30:05.123Z", "2024-06-01T12:30:05.123Z")));
    }
}
