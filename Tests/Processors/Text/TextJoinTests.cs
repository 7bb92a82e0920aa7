using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextJoinTests : InputRulesContract
{
    protected override string Processor => "text_join";

    protected override (string Name, string Yaml)[] Valid => [("items", "[a, b]"), ("separator", "', '")];

    [Test]
    public async Task The_items_are_joined_with_the_separator() =>
        Assert.That((await Run("processor: text_join\nid: p\nitems: [red, green, blue]\nseparator: ', '")).Data, Is.EqualTo("red, green, blue"));

    [Test]
    public async Task Numbers_and_booleans_are_written_as_text_and_null_as_nothing() =>
        Assert.That((await Run("processor: text_join\nid: p\nitems: [1, 2.5, true, null, x]\nseparator: '|'")).Data, Is.EqualTo("1|2.5|true||x"));

    [Test]
    public async Task The_values_of_a_map_are_joined_in_order() =>
        Assert.That((await Run("processor: text_join\nid: p\nitems: {z: 1, a: 2}\nseparator: '-'")).Data, Is.EqualTo("1-2"));

    [Test]
    public async Task Without_a_separator_the_items_are_run_together() =>
        Assert.That((await Run("processor: text_join\nid: p\nitems: [a, b, c]")).Data, Is.EqualTo("abc"));

    [Test]
    public async Task A_list_computed_by_a_node_is_joined() =>
        Assert.That((await Run("""
            processor: text_join
            id: p
            items: {processor: text_split, id: parts, text: 'a b c', separator: ' '}
            separator: '+'
            """)).Data, Is.EqualTo("a+b+c"));

    [Test]
    public async Task A_nested_list_is_refused_with_node_id()
    {
        var error = await RunFails("processor: text_join\nid: p\nitems: [a, [b]]");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400,
            "Input 'items' holds a list or map at position 1; only texts, numbers and booleans can be joined (node 'p').")));
    }
}
