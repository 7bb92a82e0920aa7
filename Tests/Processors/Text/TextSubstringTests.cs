using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextSubstringTests : InputRulesContract
{
    protected override string Processor => "text_substring";

    protected override (string Name, string Yaml)[] Valid => [("text", "Lovelace"), ("start", "4"), ("length", "2")];

    private static async Task<object?> Cut(string inputs) => (await Run("processor: text_substring\nid: p\ntext: Lovelace\n" + inputs)).Data;

    [TestCase("start: 4", "lace")]
    [TestCase("start: 0\nlength: 4", "Love")]
    [TestCase("start: -4", "lace")]
    [TestCase("start: -4\nlength: 2", "la")]
    [TestCase("length: 3", "Lov")]
    public async Task Start_and_length_pick_the_part(string inputs, string expected) =>
        Assert.That(await Cut(inputs), Is.EqualTo(expected));

    [TestCase("start: 20", "")]
    [TestCase("start: -20\nlength: 2", "Lo")]
    [TestCase("start: 6\nlength: 10", "ce")]
    [TestCase("length: 0", "")]
    public async Task Positions_past_the_ends_are_cut_to_the_text(string inputs, string expected) =>
        Assert.That(await Cut(inputs), Is.EqualTo(expected));

    [Test]
    public async Task Characters_are_counted_as_a_reader_sees_them() =>
        Assert.That((await Run("processor: text_substring\nid: p\ntext: \"a👍🏽b\"\nstart: 1\nlength: 1")).Data, Is.EqualTo("👍🏽"));

    [Test]
    public async Task A_negative_length_is_refused_with_node_id()
    {
        var error = await RunFails("processor: text_substring\nid: p\ntext: abc\nlength: -1");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'length' must be 0 or more, got -1 (node 'p').")));
    }
}
