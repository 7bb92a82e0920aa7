using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

public class XmlTests
{
    private const string Declaration = """<?xml version="1.0" encoding="utf-8"?>""";

    [Test]
    public async Task Formats_the_data_input_as_xml_under_the_wrapper()
    {
        var value = await Run("""
            processor: xml
            id: out
            data:
              book:
                _id: 7
                title: Dune
              tags: [a, b]
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Xml));
        Assert.That(value.Data, Is.EqualTo(Declaration +
            """<apiStudioWrapper><book id="7"><title>Dune</title></book><tags><item>a</item><item>b</item></tags></apiStudioWrapper>"""));
    }

    [Test]
    public async Task Without_data_it_formats_the_result_of_process()
    {
        var value = await SingleOutput("12", """
            processor: xml
            id: out
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Xml));
        Assert.That(value.Data, Is.EqualTo(Declaration + "<apiStudioWrapper>12</apiStudioWrapper>"));
    }

    [Test]
    public async Task Text_is_escaped_inside_the_wrapper()
    {
        var value = await Run("""
            processor: xml
            id: out
            data: "<a>&</a>"
            """);
        Assert.That(value.Data, Is.EqualTo(Declaration + "<apiStudioWrapper>&lt;a&gt;&amp;&lt;/a&gt;</apiStudioWrapper>"));
    }

    [Test]
    public async Task Xml_data_is_sent_as_is()
    {
        var value = await Run("""
            processor: xml
            id: out
            data:
              processor: cast
              id: to_xml
              data: "<a><b/></a>"
              data_type: xml
            """);
        Assert.That(value.Data, Is.EqualTo("<a><b/></a>"));
    }

    [Test]
    public async Task Undefined_data_is_an_empty_wrapper()
    {
        var value = await Run("""
            processor: xml
            id: out
            data: null
            """);
        Assert.That(value.Data, Is.EqualTo(Declaration + "<apiStudioWrapper />"));
    }

    [Test]
    public async Task Data_xml_cannot_hold_is_an_error_naming_the_node()
    {
        var error = await RunFails("""
            processor: xml
            id: out
            data:
              text: "bell \a"
            """);
        Assert.That(error.Message, Does.StartWith("The data cannot be written as XML: "));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "out")));
    }
}
