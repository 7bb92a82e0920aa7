using System.Text.RegularExpressions;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public partial class UuidTests : InputRulesContract
{
    protected override string Processor => "uuid";

    protected override (string Name, string Yaml)[] Valid => [("version", "4")];

    protected override bool Deterministic => false;

    private static async Task<string> Uuid(string inputs = "") => (string)(await Run("processor: uuid\nid: p\n" + inputs, services: Clock(Moment))).Data!;

    private static readonly DateTimeOffset Moment = new(2024, 5, 31, 12, 30, 0, TimeSpan.Zero);

    [Test]
    public async Task Version_4_is_random_in_the_standard_form()
    {
        var (first, second) = (await Uuid(), await Uuid());
        Assert.That(Standard().IsMatch(first), first);
        Assert.That((first[14], first == second), Is.EqualTo(('4', false)));
    }

    [Test]
    public async Task Version_7_starts_with_the_host_clock_time()
    {
        var uuid = await Uuid("version: 7");
        Assert.That(uuid[14], Is.EqualTo('7'));
        Assert.That(Convert.ToInt64(uuid[..8] + uuid[9..13], 16), Is.EqualTo(Moment.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task Compact_and_urn_forms()
    {
        Assert.That(Compact().IsMatch(await Uuid("format: compact")));
        Assert.That(await Uuid("format: urn"), Does.StartWith("urn:uuid:").And.Length.EqualTo(45));
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Standard();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Compact();
}
