using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Text;

public class TextLengthTests : InputRulesContract
{
    protected override string Processor => "text_length";

    protected override (string Name, string Yaml)[] Valid => [("text", "Zoë"), ("unit", "characters")];

    private static async Task<object?> Length(string text, string unit = "characters") =>
        (await Run($"processor: text_length\nid: p\ntext: {text}\nunit: {unit}")).Data;

    [TestCase("Ada", 3)]
    [TestCase("''", 0)]
    [TestCase("\"Zoe\\u0308\"", 3)]
    [TestCase("\"👍🏽!\"", 2)]
    [TestCase("12345", 5)]
    public async Task Characters_are_counted_as_a_reader_sees_them(string text, long length) =>
        Assert.That(await Length(text), Is.EqualTo(length));

    [TestCase("Ada", 3)]
    [TestCase("Zoë", 4)]
    [TestCase("\"👍\"", 4)]
    public async Task Bytes_count_the_utf8_encoding(string text, long bytes) =>
        Assert.That(await Length(text, "bytes"), Is.EqualTo(bytes));

    [Test]
    public async Task The_result_is_an_integer() =>
        Assert.That((await Run("processor: text_length\nid: p\ntext: abc")).Type, Is.EqualTo(DataType.Integer));
}
