using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextTrimTests : InputRulesContract
{
    protected override string Processor => "text_trim";

    protected override (string Name, string Yaml)[] Valid => [("text", "'  Ada  '"), ("side", "both")];

    [TestCase("both", "Ada")]
    [TestCase("start", "Ada \t\n")]
    [TestCase("end", " \tAda")]
    public async Task White_space_is_removed_from_the_side_asked(string side, string expected) =>
        Assert.That((await Run($"processor: text_trim\nid: p\ntext: \" \\tAda \\t\\n\"\nside: {side}")).Data, Is.EqualTo(expected));

    [Test]
    public async Task The_characters_given_are_removed_instead() =>
        Assert.That((await Run("processor: text_trim\nid: p\ntext: '--00042--'\ncharacters: '-0'")).Data, Is.EqualTo("42"));

    [Test]
    public async Task Leading_zeros_of_a_number_text_are_removed_from_the_start_only() =>
        Assert.That((await Run("processor: text_trim\nid: p\ntext: '00100'\ncharacters: '0'\nside: start")).Data, Is.EqualTo("100"));
}
