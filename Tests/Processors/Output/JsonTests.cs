using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

public class JsonTests
{
    [Test]
    public async Task Formats_the_data_input_as_json()
    {
        var value = await Run("""
            processor: json
            id: out
            data:
              name: Ann
              tags: [a, 1, true]
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Json));
        Assert.That(value.Data, Is.EqualTo("""{"name":"Ann","tags":["a",1,true]}"""));
    }

    [Test]
    public async Task Without_data_it_formats_the_result_of_process()
    {
        var value = await SingleOutput("""
            processor: var_str
            id: greeting
            value: hello
            """, """
            processor: json
            id: out
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Json));
        Assert.That(value.Data, Is.EqualTo("\"hello\""));
    }

    [Test]
    public async Task Output_list_keeps_response_and_formats_each_node()
    {
        var result = await RunWithOutput("[1, 2]", """
            output:
              - response
              - processor: json
                id: out
            """);
        Assert.That(result.Value.Type, Is.EqualTo(DataType.Array));
        Assert.That(result.Outputs.Single().Data, Is.EqualTo("[1,2]"));
    }

    [Test]
    public async Task Data_given_explicitly_wins_over_the_result_of_process()
    {
        var value = await SingleOutput("ignored", """
            processor: json
            id: out
            data: 42
            """);
        Assert.That(value.Data, Is.EqualTo("42"));
    }

    [Test]
    public async Task Undefined_data_is_null()
    {
        var value = await Run("""
            processor: json
            id: out
            data: null
            """);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Json, (object)"null")));
    }

    [Test]
    public async Task Text_that_looks_like_json_is_still_sent_as_a_string()
    {
        var value = await Run("""
            processor: json
            id: out
            data: '{"a":1}'
            """);
        Assert.That(value.Data, Is.EqualTo("\"{\\\"a\\\":1}\""));
    }

    [Test]
    public async Task Xml_data_is_converted()
    {
        var value = await Run("""
            processor: json
            id: out
            data:
              processor: cast
              id: to_xml
              data: '<a x="1"><b>t</b><b>u</b></a>'
              data_type: xml
            """);
        Assert.That(value.Data, Is.EqualTo("""{"a":{"_x":"1","b":["t","u"]}}"""));
    }
}
