using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Engine.Values;

public class HtmlRendererTests
{
    [Test]
    public void A_document_is_complete_html5_in_utf8()
    {
        var html = HtmlRenderer.Document("hi");
        Assert.That(html, Is.EqualTo(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>ApiStudio</title>\n</head>\n<body>\n" +
            "<p>hi</p>\n</body>\n</html>\n"));
    }

    [Test]
    public void Maps_are_definition_lists_and_lists_are_unordered_lists()
    {
        var plain = new Map { ["name"] = "Ann", ["tags"] = new List<object?> { "a", 2L, 1.5, false, null }, ["none"] = new Map() };
        Assert.That(Body(HtmlRenderer.Document(plain)), Is.EqualTo(
            "<dl><dt>name</dt><dd>Ann</dd><dt>tags</dt><dd><ul><li>a</li><li>2</li><li>1.5</li><li>false</li><li></li></ul></dd>" +
            "<dt>none</dt><dd><dl></dl></dd></dl>"));
    }

    [Test]
    public void Undefined_renders_an_empty_body()
    {
        Assert.That(Body(HtmlRenderer.Document(null)), Is.Empty);
    }

    [TestCase("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("Tom & \"Jerry\" 'x'", "Tom &amp; &quot;Jerry&quot; &#39;x&#39;")]
    [TestCase("</p><img src=x onerror=alert(1)>", "&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;")]
    public void Scalars_are_escaped(string text, string expected)
    {
        Assert.That(Body(HtmlRenderer.Document(text)), Is.EqualTo("<p>" + expected + "</p>"));
    }

    [Test]
    public void Keys_and_nested_values_are_escaped()
    {
        var plain = new Map { ["<b>key</b>"] = new List<object?> { "<i>item</i>" } };
        var body = Body(HtmlRenderer.Document(plain));
        Assert.That(body, Is.EqualTo("<dl><dt>&lt;b&gt;key&lt;/b&gt;</dt><dd><ul><li>&lt;i&gt;item&lt;/i&gt;</li></ul></dd></dl>"));
        Assert.That(body, Does.Not.Contain("<b>").And.Not.Contain("<i>"));
    }

    [Test]
    public void The_title_is_escaped()
    {
        Assert.That(HtmlRenderer.Document(null, "</title><script>"), Does.Contain("<title>&lt;/title&gt;&lt;script&gt;</title>"));
    }

    [Test]
    public void Text_cast_to_html_is_never_taken_as_markup()
    {
        var html = (string)DataContainer.Text("<script>x()</script>").CastTo(DataType.Html).Data!;
        Assert.That(html, Does.Not.Contain("<script>"));
        Assert.That(html, Does.Contain("&lt;script&gt;x()&lt;/script&gt;"));
    }

    [Test]
    public void Json_rendered_as_html_escapes_its_strings()
    {
        var html = (string)DataContainer.Json("""{"<k>":"<v>"}""").CastTo(DataType.Html).Data!;
        Assert.That(Body(html), Is.EqualTo("<dl><dt>&lt;k&gt;</dt><dd>&lt;v&gt;</dd></dl>"));
    }

    [Test]
    public void Deep_data_renders_without_recursion()
    {
        object? plain = "leaf";
        for (var i = 0; i < 20_000; i++)
        {
            plain = new List<object?> { plain };
        }
        Assert.That(HtmlRenderer.Document(plain), Does.Contain("<li>leaf</li>"));
    }

    [Test]
    public void An_image_is_shown_inline_and_unknown_bytes_as_base64()
    {
        var png = new BinaryValue([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Assert.That(Body(HtmlRenderer.ImageDocument(png)), Is.EqualTo("<img alt=\"\" src=\"data:image/png;base64,iVBORw0KGgo=\">"));
        Assert.That(Body(HtmlRenderer.ImageDocument(new BinaryValue([1, 2, 3]))), Is.EqualTo("<p>AQID</p>"));
    }

    private static string Body(string html)
    {
        var start = html.IndexOf("<body>\n", StringComparison.Ordinal) + "<body>\n".Length;
        return html[start..html.IndexOf("\n</body>", StringComparison.Ordinal)];
    }
}
