using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class RegexMatchTests : InputRulesContract
{
    protected override string Processor => "regex_match";

    protected override (string Name, string Yaml)[] Valid => [("text", "'order 42'"), ("pattern", "'order (?<id>\\d+)'"), ("group", "id")];

    private static Task<DataContainer> Match(string extra) =>
        Run($"processor: regex_match\nid: p\ntext: 'order 42, order 7, ORDER 9'\npattern: 'order (?<id>\\d+)(x)?'\n{extra}");

    [Test]
    public async Task The_first_match_gives_every_group_by_number_and_name()
    {
        var value = await Match("");
        Assert.That((value.Type, value.ToString()), Is.EqualTo((DataType.Array, """{"0":"order 42","1":null,"id":"42"}""")));
    }

    [Test]
    public async Task A_group_by_name_gives_its_text() =>
        Assert.That((await Match("group: id")).Data, Is.EqualTo("42"));

    [Test]
    public async Task A_group_by_number_gives_its_text() =>
        Assert.That((await Match("group: 0")).Data, Is.EqualTo("order 42"));

    [Test]
    public async Task A_group_that_took_no_part_gives_undefined() =>
        Assert.That((await Match("group: 1")).IsUndefined);

    [Test]
    public async Task All_gives_every_match() =>
        Assert.That((await Match("group: id\nall: true")).ToString(), Is.EqualTo("""["42","7"]"""));

    [Test]
    public async Task All_with_ignore_case_finds_every_casing() =>
        Assert.That((await Match("group: id\nall: true\nignore_case: true")).ToString(), Is.EqualTo("""["42","7","9"]"""));

    [Test]
    public async Task All_without_group_gives_a_map_per_match() =>
        Assert.That((await Match("all: true")).ToString(),
            Is.EqualTo("""[{"0":"order 42","1":null,"id":"42"},{"0":"order 7","1":null,"id":"7"}]"""));

    [Test]
    public async Task No_match_gives_undefined_or_an_empty_list()
    {
        Assert.That((await Run("processor: regex_match\nid: p\ntext: abc\npattern: '\\d'")).IsUndefined);
        Assert.That((await Run("processor: regex_match\nid: p\ntext: abc\npattern: '\\d'\nall: true")).ToString(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task An_unknown_group_is_refused_with_node_id()
    {
        var error = await RunFails("processor: regex_match\nid: p\ntext: abc\npattern: 'b'\ngroup: name");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'group': the pattern has no group 'name' (node 'p').")));
    }
}
