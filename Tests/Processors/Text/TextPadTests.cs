using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextPadTests : InputRulesContract
{
    protected override string Processor => "text_pad";

    protected override (string Name, string Yaml)[] Valid => [("text", "42"), ("length", "5"), ("character", "'0'"), ("side", "start")];

    private static async Task<object?> Pad(string inputs) => (await Run("processor: text_pad\nid: p\n" + inputs)).Data;

    [Test]
    public async Task A_number_is_padded_with_zeros_at_the_start() =>
        Assert.That(await Pad("text: 42\nlength: 5\ncharacter: '0'\nside: start"), Is.EqualTo("00042"));

    [Test]
    public async Task Spaces_are_added_at_the_end_by_default() =>
        Assert.That(await Pad("text: ab\nlength: 4"), Is.EqualTo("ab  "));

    [Test]
    public async Task Both_sides_centre_the_text_with_the_extra_character_at_the_end() =>
        Assert.That(await Pad("text: ab\nlength: 7\ncharacter: '*'\nside: both"), Is.EqualTo("**ab***"));

    [Test]
    public async Task A_longer_text_is_unchanged() =>
        Assert.That(await Pad("text: abcdef\nlength: 3"), Is.EqualTo("abcdef"));

    [Test]
    public async Task Lengths_count_characters_as_a_reader_sees_them() =>
        Assert.That(await Pad("text: é\nlength: 3\ncharacter: \"👍\""), Is.EqualTo("é👍👍"));

    [TestCase("''")]
    [TestCase("ab")]
    public async Task The_character_must_be_exactly_one(string character)
    {
        var error = await RunFails($"processor: text_pad\nid: p\ntext: a\nlength: 3\ncharacter: {character}");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("p", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Does.StartWith("Input 'character' must be exactly one character"));
    }

    [TestCase(-1)]
    [TestCase(100_001)]
    public async Task A_length_out_of_range_is_refused_with_node_id(int length)
    {
        var error = await RunFails($"processor: text_pad\nid: p\ntext: a\nlength: {length}");
        Assert.That((error.ProcessorId, error.Message),
            Is.EqualTo(("p", $"Input 'length' must be between 0 and 100000, got {length} (node 'p').")));
    }
}
