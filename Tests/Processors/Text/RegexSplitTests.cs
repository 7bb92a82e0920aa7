using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class RegexSplitTests : InputRulesContract
{
    protected override string Processor => "regex_split";

    protected override (string Name, string Yaml)[] Valid => [("text", "a1b22c"), ("pattern", "'\\d+'")];

    private static async Task<string> Split(string text, string pattern, string extra = "") =>
        (await Run($"processor: regex_split\nid: p\ntext: '{text}'\npattern: '{pattern}'\n{extra}")).ToString();

    [Test]
    public async Task The_text_is_cut_where_the_pattern_matches() =>
        Assert.That(await Split("a1b22c", "\\d+"), Is.EqualTo("""["a","b","c"]"""));

    [Test]
    public async Task Separators_of_several_kinds_are_one_pattern() =>
        Assert.That(await Split("red, green;blue ,  pink", "\\s*[,;]\\s*"), Is.EqualTo("""["red","green","blue","pink"]"""));

    [Test]
    public async Task Remove_empty_drops_empty_parts()
    {
        Assert.That(await Split("1a2", "\\d"), Is.EqualTo("""["","a",""]"""));
        Assert.That(await Split("1a2", "\\d", "remove_empty: true"), Is.EqualTo("""["a"]"""));
    }

    [Test]
    public async Task Limit_keeps_the_rest_in_the_last_part() =>
        Assert.That(await Split("a1b2c", "\\d", "limit: 2"), Is.EqualTo("""["a","b2c"]"""));

    [Test]
    public async Task Captured_text_is_kept_as_a_part() =>
        Assert.That(await Split("a1b", "(\\d)"), Is.EqualTo("""["a","1","b"]"""));
}
