using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

public class HtmlTests
{
    [Test]
    public async Task Formats_the_data_input_as_an_html_document()
    {
        var value = await Run("""
            processor: html
            id: out
            data:
              name: Ann
              tags: [a, b]
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Html));
        var html = (string)value.Data!;
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("<meta charset=\"utf-8\">"));
        Assert.That(html, Does.Contain("<dl><dt>name</dt><dd>Ann</dd><dt>tags</dt><dd><ul><li>a</li><li>b</li></ul></dd></dl>"));
    }

    [Test]
    public async Task Without_data_it_formats_the_result_of_process()
    {
        var value = await SingleOutput("[x]", """
            processor: html
            id: out
            """);
        Assert.That((string)value.Data!, Does.Contain("<ul><li>x</li></ul>"));
    }

    [Test]
    public async Task Markup_in_the_data_is_escaped()
    {
        var value = await Run("""
            processor: html
            id: out
            data:
              "<b>": "<script>alert(1)</script>"
            """);
        var html = (string)value.Data!;
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<b>"));
        Assert.That(html, Does.Contain("<dt>&lt;b&gt;</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>"));
    }

    [Test]
    public async Task Undefined_data_is_an_empty_document()
    {
        var value = await Run("""
            processor: html
            id: out
            """);
        Assert.That((string)value.Data!, Does.Contain("<body>\n\n</body>"));
    }
}
