using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class RegexReplaceTests : InputRulesContract
{
    protected override string Processor => "regex_replace";

    protected override (string Name, string Yaml)[] Valid => [("text", "2024-05-31"), ("pattern", "'(\\d+)-(\\d+)-(\\d+)'"), ("replacement", "'$3/$2/$1'")];

    [Test]
    public async Task Groups_are_written_into_the_replacement() =>
        Assert.That((await Run("processor: regex_replace\nid: p\ntext: 2024-05-31\npattern: '(\\d+)-(\\d+)-(\\d+)'\nreplacement: '$3/$2/$1'")).Data,
            Is.EqualTo("31/05/2024"));

    [Test]
    public async Task Named_groups_and_dollars_are_written_into_the_replacement() =>
        Assert.That((await Run("processor: regex_replace\nid: p\ntext: 'price 5'\npattern: '(?<n>\\d+)'\nreplacement: '$$${n}.00'")).Data,
            Is.EqualTo("price $5.00"));

    [Test]
    public async Task Every_match_is_replaced_unless_a_count_is_given()
    {
        Assert.That((await Run("processor: regex_replace\nid: p\ntext: a1b2c3\npattern: '\\d'\nreplacement: '#'")).Data, Is.EqualTo("a#b#c#"));
        Assert.That((await Run("processor: regex_replace\nid: p\ntext: a1b2c3\npattern: '\\d'\nreplacement: '#'\ncount: 2")).Data, Is.EqualTo("a#b#c3"));
    }

    [Test]
    public async Task Ignore_case_replaces_every_casing() =>
        Assert.That((await Run("processor: regex_replace\nid: p\ntext: Cat cAT\npattern: cat\nreplacement: dog\nignore_case: true")).Data,
            Is.EqualTo("dog dog"));

    [Test]
    public async Task A_count_below_one_is_refused_with_node_id()
    {
        var error = await RunFails("processor: regex_replace\nid: p\ntext: a\npattern: a\nreplacement: b\ncount: 0");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message),
            Is.EqualTo(("p", 400, "Input 'count' must be between 1 and 2147483647, got 0 (node 'p').")));
    }
}
