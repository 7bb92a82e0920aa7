using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Encodings;

public class DecodeTests : InputRulesContract
{
    protected override string Processor => "decode";

    protected override (string Name, string Yaml)[] Valid => [("value", "SGVsbG8="), ("format", "base64")];

    private static Task<DataContainer> Decode(string value, string format, string extra = "") =>
        Run($"processor: decode\nid: p\nvalue: '{value}'\nformat: {format}\n{extra}");

    [TestCase("SGVsbG8g4pyT", "base64")]
    [TestCase("SGVsbG8g4pyT", "base64url")]
    [TestCase("48656C6C6F20e29c93", "hex")]
    [TestCase("Hello%20%E2%9C%93", "url")]
    [TestCase("Hello &#10003;", "html")]
    [TestCase("Hello &#x2713;", "html")]
    public async Task Each_format_decodes_to_the_text(string value, string format) =>
        Assert.That((await Decode(value, format)).Data, Is.EqualTo("Hello ✓"));

    [TestCase("SGk")]
    [TestCase("SGk=")]
    public async Task Base64url_takes_padding_or_none(string value) =>
        Assert.That((await Decode(value, "base64url")).Data, Is.EqualTo("Hi"));

    [Test]
    public async Task Decoding_reverses_encoding()
    {
        foreach (var format in new[] { "base64", "base64url", "hex", "url", "html" })
        {
            var value = await Run($"""
                processor: decode
                id: p
                format: {format}
                value: {"{"}processor: encode, id: e, format: {format}, value: "<é & 👍 %2B>"{"}"}
                """);
            Assert.That(value.Data, Is.EqualTo("<é & 👍 %2B>"), format);
        }
    }

    [Test]
    public async Task As_file_gives_the_bytes_and_recognises_an_image()
    {
        var bytes = await Decode("AAEC", "base64", "as_file: true");
        var png = await Decode("iVBORw0KGgoAAAA=", "base64", "as_file: true");
        Assert.That((bytes.Type, ((BinaryValue)bytes.Data!).Content), Is.EqualTo((DataType.File, new byte[] { 0, 1, 2 })));
        Assert.That((png.Type, ((BinaryValue)png.Data!).MediaType), Is.EqualTo((DataType.Image, "image/png")));
    }

    [TestCase("not base64!", "base64")]
    [TestCase("abc", "hex")]
    [TestCase("a+b", "base64url")]
    public async Task Text_not_in_the_format_is_refused_with_node_id(string value, string format)
    {
        var error = await RunFails($"processor: decode\nid: p\nvalue: '{value}'\nformat: {format}");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, $"Input 'value' is not valid {format} (node 'p').")));
    }

    [Test]
    public async Task Bytes_that_are_not_utf8_are_refused_unless_asked_as_a_file()
    {
        var error = await RunFails("processor: decode\nid: p\nvalue: '/w=='\nformat: base64");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400,
            "Input 'value' decodes to bytes that are not UTF-8 text; as_file: true gives them as a file (node 'p').")));
    }

    [Test]
    public async Task As_file_needs_a_byte_format()
    {
        var error = await RunFails("processor: decode\nid: p\nvalue: a\nformat: url\nas_file: true");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400,
            "Input 'as_file' needs the format base64, base64url or hex, not url (node 'p').")));
    }
}
