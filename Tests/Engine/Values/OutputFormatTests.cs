using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Engine.Values;

public class OutputFormatTests
{
    private const string Declaration = """<?xml version="1.0" encoding="utf-8"?>""";

    [TestCase(null, OutputFormat.Json)]
    [TestCase("", OutputFormat.Json)]
    [TestCase("*/*", OutputFormat.Json)]
    [TestCase("application/json", OutputFormat.Json)]
    [TestCase("application/problem+json", OutputFormat.Json)]
    [TestCase("application/xml", OutputFormat.Xml)]
    [TestCase("text/xml", OutputFormat.Xml)]
    [TestCase("Text/XML; charset=utf-8", OutputFormat.Xml)]
    [TestCase("text/html", OutputFormat.Html)]
    [TestCase("text/plain", OutputFormat.Text)]
    [TestCase("application/octet-stream", OutputFormat.Binary)]
    [TestCase("image/*", OutputFormat.Binary)]
    [TestCase("image/png", OutputFormat.Binary)]
    [TestCase("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", OutputFormat.Html)]
    [TestCase("application/xml;q=0.5, text/plain;q=0.9", OutputFormat.Text)]
    [TestCase("application/xml, application/json", OutputFormat.Xml)]
    [TestCase("application/pdf, text/plain;q=0.1", OutputFormat.Text)]
    [TestCase("application/xml;q=0, application/json;q=0.2", OutputFormat.Json)]
    public void The_accept_header_chooses_the_format(string? accept, OutputFormat expected)
    {
        Assert.That(OutputFormatter.FromMediaType(accept), Is.EqualTo(expected));
    }

    [TestCase("application/pdf")]
    [TestCase("application/xml;q=0")]
    [TestCase("video/mp4, audio/*")]
    public void Nothing_acceptable_gives_null(string accept)
    {
        Assert.That(OutputFormatter.FromMediaType(accept), Is.Null);
    }

    [Test]
    public void Json_output_follows_the_value_type()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JsonOf(DataContainer.Array(new Map { ["a"] = 1L })), Is.EqualTo("""{"a":1}"""));
            Assert.That(JsonOf(DataContainer.Text("hi \"you\"")), Is.EqualTo("\"hi \\\"you\\\"\""));
            Assert.That(JsonOf(DataContainer.Text("""{"a":1}""")), Is.EqualTo("\"{\\\"a\\\":1}\""), "text is never re-read as JSON");
            Assert.That(JsonOf(DataContainer.Json("[1, 2]")), Is.EqualTo("[1, 2]"), "json is sent as is");
            Assert.That(JsonOf(DataContainer.Xml("<a x=\"1\">t</a>")), Is.EqualTo("""{"a":{"_x":"1","#text":"t"}}"""));
            Assert.That(JsonOf(DataContainer.Integer(-3)), Is.EqualTo("-3"));
            Assert.That(JsonOf(DataContainer.Float(0.1)), Is.EqualTo("0.1"));
            Assert.That(JsonOf(DataContainer.False), Is.EqualTo("false"));
            Assert.That(JsonOf(DataContainer.Undefined), Is.EqualTo("null"));
            Assert.That(JsonOf(DataContainer.Html("<p>x</p>")), Is.EqualTo("\"<p>x</p>\""));
            Assert.That(JsonOf(DataContainer.Image(new BinaryValue([1, 2, 3]))), Is.EqualTo("\"AQID\""));
        });
    }

    [Test]
    public void Xml_output_wraps_everything_but_xml()
    {
        Assert.Multiple(() =>
        {
            Assert.That(XmlOf(DataContainer.Xml("<a/>")), Is.EqualTo("<a/>"));
            Assert.That(XmlOf(DataContainer.Text("<a/>")), Is.EqualTo(Declaration + "<apiStudioWrapper>&lt;a/&gt;</apiStudioWrapper>"),
                "text is never re-read as XML");
            Assert.That(XmlOf(DataContainer.Integer(5)), Is.EqualTo(Declaration + "<apiStudioWrapper>5</apiStudioWrapper>"));
            Assert.That(XmlOf(DataContainer.Json("""{"a":[1]}""")),
                Is.EqualTo(Declaration + "<apiStudioWrapper><a><item>1</item></a></apiStudioWrapper>"));
        });
    }

    [Test]
    public void Text_output_is_the_text_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TextOf(DataContainer.Array(new List<object?> { 1L, "a" })), Is.EqualTo("""[1,"a"]"""));
            Assert.That(TextOf(DataContainer.Float(2.5)), Is.EqualTo("2.5"));
            Assert.That(TextOf(DataContainer.True), Is.EqualTo("true"));
            Assert.That(TextOf(DataContainer.Undefined), Is.EqualTo(""));
            Assert.That(TextOf(DataContainer.Xml("<a/>")), Is.EqualTo("<a/>"));
        });
    }

    [Test]
    public void Html_output_is_a_document_or_the_html_itself()
    {
        var rendered = OutputFormatter.Format(DataContainer.Text("<b>"), OutputFormat.Html);
        Assert.That(rendered.ContentType, Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(Encoding.UTF8.GetString(rendered.Body), Does.StartWith("<!DOCTYPE html>").And.Contain("<p>&lt;b&gt;</p>"));
        var own = OutputFormatter.Format(DataContainer.Html("<p>mine</p>"), OutputFormat.Html);
        Assert.That(Encoding.UTF8.GetString(own.Body), Is.EqualTo("<p>mine</p>"));
    }

    [TestCase(OutputFormat.Json, "application/json; charset=utf-8")]
    [TestCase(OutputFormat.Xml, "application/xml; charset=utf-8")]
    [TestCase(OutputFormat.Html, "text/html; charset=utf-8")]
    [TestCase(OutputFormat.Text, "text/plain; charset=utf-8")]
    [TestCase(OutputFormat.Binary, "application/octet-stream")]
    public void Each_format_has_its_content_type(OutputFormat format, string contentType)
    {
        Assert.That(OutputFormatter.Format(DataContainer.Text("x"), format).ContentType, Is.EqualTo(contentType));
    }

    [Test]
    public void Bodies_are_utf8_without_a_byte_order_mark()
    {
        var output = OutputFormatter.Format(DataContainer.Text("é"), OutputFormat.Text);
        Assert.That(output.Body, Is.EqualTo(new byte[] { 0xC3, 0xA9 }));
    }

    [Test]
    public void Binary_output_sends_files_and_images_with_their_media_type()
    {
        var pdf = OutputFormatter.Format(DataContainer.File(new BinaryValue([1, 2], "a.pdf", "application/pdf")), OutputFormat.Binary);
        Assert.That((pdf.ContentType, pdf.Body), Is.EqualTo(("application/pdf", new byte[] { 1, 2 })));
        var png = OutputFormatter.Format(DataContainer.Image(new BinaryValue([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])), OutputFormat.Binary);
        Assert.That(png.ContentType, Is.EqualTo("image/png"), "recognised from the bytes");
        var unknown = OutputFormatter.Format(DataContainer.File(new BinaryValue([7], MediaType: "bad\r\nX-Injected: 1")), OutputFormat.Binary);
        Assert.That(unknown.ContentType, Is.EqualTo("application/octet-stream"), "a malformed media type never reaches a header");
        var text = OutputFormatter.Format(DataContainer.Array(new List<object?> { 1L }), OutputFormat.Binary);
        Assert.That((text.ContentType, Encoding.UTF8.GetString(text.Body)), Is.EqualTo(("application/octet-stream", "[1]")));
    }

    [TestCase(DataType.Json, OutputFormat.Json)]
    [TestCase(DataType.Xml, OutputFormat.Xml)]
    [TestCase(DataType.Html, OutputFormat.Html)]
    [TestCase(DataType.Text, OutputFormat.Text)]
    [TestCase(DataType.File, OutputFormat.Binary)]
    [TestCase(DataType.Image, OutputFormat.Binary)]
    [TestCase(DataType.Array, null)]
    [TestCase(DataType.Integer, null)]
    public void An_output_processors_type_forces_the_format(DataType type, OutputFormat? expected)
    {
        Assert.That(OutputFormatter.ForcedBy(type), Is.EqualTo(expected));
    }

    [TestCase(OutputFormat.Json, DataType.Json)]
    [TestCase(OutputFormat.Xml, DataType.Xml)]
    [TestCase(OutputFormat.Html, DataType.Html)]
    [TestCase(OutputFormat.Text, DataType.Text)]
    public void Formatting_into_a_container_gives_the_formats_type_and_formatting_it_again_changes_nothing(
        OutputFormat format, DataType type)
    {
        var container = OutputFormatter.ToContainer(DataContainer.Array(new Map { ["a"] = "<1>" }), format);
        Assert.That(container.Type, Is.EqualTo(type));
        Assert.That(OutputFormatter.ForcedBy(container.Type), Is.EqualTo(format));
        var body = OutputFormatter.Format(container, format).Body;
        Assert.That(Encoding.UTF8.GetString(body), Is.EqualTo((string)container.Data!));
    }

    [Test]
    public void Binary_has_no_text_container()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OutputFormatter.ToContainer(DataContainer.True, OutputFormat.Binary));
    }

    [Test]
    public void Malformed_xml_content_fails_formatting_with_code_6()
    {
        var error = Assert.Throws<ApiException>(() => OutputFormatter.Format(DataContainer.Xml("<a>"), OutputFormat.Json, "out"))!;
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "out")));
    }

    private static string JsonOf(DataContainer value) => Body(value, OutputFormat.Json);

    private static string XmlOf(DataContainer value) => Body(value, OutputFormat.Xml);

    private static string TextOf(DataContainer value) => Body(value, OutputFormat.Text);

    private static string Body(DataContainer value, OutputFormat format) =>
        Encoding.UTF8.GetString(OutputFormatter.Format(value, format).Body);
}
