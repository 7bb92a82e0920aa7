using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class RegexTestTests : InputRulesContract
{
    protected override string Processor => "regex_test";

    protected override (string Name, string Yaml)[] Valid => [("text", "AB-1234"), ("pattern", "'^[A-Z]{2}-\\d{4}$'")];

    private static Task<DataContainer> Test(string text, string pattern, string extra = "") =>
        Run($"processor: regex_test\nid: p\ntext: '{text}'\npattern: '{pattern}'\n{extra}");

    [TestCase("AB-1234", true)]
    [TestCase("AB-123", false)]
    [TestCase("xAB-1234", false)]
    public async Task The_pattern_is_tested_against_the_text(string text, bool expected) =>
        Assert.That(await Test(text, "^[A-Z]{2}-\\d{4}$"), Is.EqualTo(DataContainer.Boolean(expected)));

    [Test]
    public async Task A_pattern_matches_anywhere_unless_anchored() =>
        Assert.That(await Test("order 42 shipped", "\\d+"), Is.EqualTo(DataContainer.True));

    [Test]
    public async Task Ignore_case_matches_any_casing()
    {
        Assert.That(await Test("HELLO", "hello"), Is.EqualTo(DataContainer.False));
        Assert.That(await Test("HELLO", "hello", "ignore_case: true"), Is.EqualTo(DataContainer.True));
    }

    [Test]
    public async Task An_invalid_pattern_is_refused_with_node_id()
    {
        var error = await RunFails("processor: regex_test\nid: p\ntext: a\npattern: '(a'");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("p", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Does.StartWith("Input 'pattern' is not a valid regular expression: "));
        Assert.That(error.Message, Does.EndWith("(node 'p')."));
    }

    [Test]
    public async Task A_catastrophic_pattern_is_stopped_after_the_match_timeout()
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails($"processor: regex_test\nid: p\ntext: '{new string('a', 40)}!'\npattern: '^(a+)+$'");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus, error.Message), Is.EqualTo(("p", ErrorCodes.InvalidInput, 400,
            "The pattern took longer than 1 s to match and was stopped (node 'p').")));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
