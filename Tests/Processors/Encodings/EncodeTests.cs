using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Encodings;

public class EncodeTests : InputRulesContract
{
    protected override string Processor => "encode";

    protected override (string Name, string Yaml)[] Valid => [("value", "'a b&c'"), ("format", "url")];

    private static async Task<object?> Encode(string value, string format) =>
        (await Run($"processor: encode\nid: p\nvalue: {value}\nformat: {format}")).Data;

    [TestCase("base64", "SGVsbG8g4pyT")]
    [TestCase("base64url", "SGVsbG8g4pyT")]
    [TestCase("hex", "48656c6c6f20e29c93")]
    [TestCase("url", "Hello%20%E2%9C%93")]
    [TestCase("html", "Hello ✓")]
    public async Task Each_format_encodes_the_utf8_text(string format, string expected) =>
        Assert.That(await Encode("'Hello ✓'", format), Is.EqualTo(expected));

    [Test]
    public async Task Url_encoding_escapes_what_a_query_value_cannot_hold() =>
        Assert.That(await Encode("'a b&c=d/é?'", "url"), Is.EqualTo("a%20b%26c%3Dd%2F%C3%A9%3F"));

    [Test]
    public async Task Html_encoding_escapes_markup() =>
        Assert.That(await Encode("'<a href=\"x\">Tom & Jerry</a>'", "html"), Is.EqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;"));

    [Test]
    public async Task Base64url_is_url_safe_without_padding() =>
        Assert.That(await Encode("{processor: decode, id: raw, value: '-_-_', format: base64url, as_file: true}", "base64url"), Is.EqualTo("-_-_"));

    [Test]
    public async Task A_file_is_encoded_as_its_bytes() =>
        Assert.That(await Encode("{processor: decode, id: raw, value: '-_-_', format: base64url, as_file: true}", "base64"), Is.EqualTo("+/+/"));

    [Test]
    public async Task A_file_cannot_be_url_encoded()
    {
        var error = await RunFails("processor: encode\nid: p\nvalue: {processor: decode, id: raw, value: 'AAEC', format: base64, as_file: true}\nformat: url");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Format url encodes a text, not a file; use base64 (node 'p').")));
    }
}
