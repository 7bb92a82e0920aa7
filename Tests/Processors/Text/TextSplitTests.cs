using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextSplitTests : InputRulesContract
{
    protected override string Processor => "text_split";

    protected override (string Name, string Yaml)[] Valid => [("text", "'a,b'"), ("separator", "','")];

    private static async Task<string> Split(string inputs) => (await Run("processor: text_split\nid: p\n" + inputs)).ToString();

    [Test]
    public async Task The_text_is_cut_at_each_separator() =>
        Assert.That(await Split("text: 'red, green,,blue'\nseparator: ','"), Is.EqualTo("""["red"," green","","blue"]"""));

    [Test]
    public async Task Trim_and_remove_empty_tidy_the_parts() =>
        Assert.That(await Split("text: 'red, green,,blue'\nseparator: ','\ntrim: true\nremove_empty: true"), Is.EqualTo("""["red","green","blue"]"""));

    [Test]
    public async Task Limit_keeps_the_rest_in_the_last_part() =>
        Assert.That(await Split("text: 'a=b=c'\nseparator: '='\nlimit: 2"), Is.EqualTo("""["a","b=c"]"""));

    [Test]
    public async Task A_separator_of_several_characters_is_one_separator() =>
        Assert.That(await Split("text: 'a::b:c'\nseparator: '::'"), Is.EqualTo("""["a","b:c"]"""));

    [Test]
    public async Task A_text_without_the_separator_is_one_part() =>
        Assert.That(await Split("text: abc\nseparator: ','"), Is.EqualTo("""["abc"]"""));

    [Test]
    public async Task An_empty_separator_is_refused_with_node_id()
    {
        var error = await RunFails("processor: text_split\nid: p\ntext: abc\nseparator: ''");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'separator' must not be empty (node 'p').")));
    }

    [Test]
    public async Task A_limit_below_one_is_refused_with_node_id()
    {
        var error = await RunFails("processor: text_split\nid: p\ntext: abc\nseparator: b\nlimit: 0");
        Assert.That((error.ProcessorId, error.Message), Is.EqualTo(("p", "Input 'limit' must be between 1 and 2147483647, got 0 (node 'p').")));
    }
}
