using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

public class TextTests
{
    [Test]
    public async Task Formats_arrays_as_json_text()
    {
        var value = await Run("""
            processor: text
            id: out
            data:
              a: [1, 2.5, true]
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        Assert.That(value.Data, Is.EqualTo("""{"a":[1,2.5,true]}"""));
    }

    [Test]
    public async Task Without_data_it_formats_the_result_of_process()
    {
        var value = await SingleOutput("3.5", """
            processor: text
            id: out
            """);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, (object)"3.5")));
    }

    [TestCase("true", "true")]
    [TestCase("12", "12")]
    [TestCase("plain words", "plain words")]
    [TestCase("null", "")]
    public async Task Scalars_become_their_text(string literal, string expected)
    {
        var value = await Run($"""
            processor: text
            id: out
            data: {literal}
            """);
        Assert.That(value.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task Xml_data_stays_its_text()
    {
        var value = await Run("""
            processor: text
            id: out
            data:
              processor: cast
              id: to_xml
              data: "<a/>"
              data_type: xml
            """);
        Assert.That(value.Data, Is.EqualTo("<a/>"));
    }
}
