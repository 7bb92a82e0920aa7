using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.OutputRuns;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Output;

/// <summary>What the json, xml, html and text output processors share.</summary>
public class OutputProcessorsTests
{
    [TestCase("json")]
    [TestCase("xml")]
    [TestCase("html")]
    [TestCase("text")]
    public void The_catalogue_declares_one_optional_data_input_in_the_output_menu(string machineName)
    {
        var processor = Catalogue.Find(machineName)!;
        Assert.That(processor.Menu, Is.EqualTo("Output"));
        Assert.That(processor.Details.Inputs.Select(i => (i.Name, i.Required)), Is.EqualTo(new[] { ("data", false) }));
    }

    [TestCase("json", DataType.Json)]
    [TestCase("xml", DataType.Xml)]
    [TestCase("html", DataType.Html)]
    [TestCase("text", DataType.Text)]
    public async Task The_result_type_tells_the_host_the_format(string machineName, DataType type)
    {
        var value = await SingleOutput("{a: 1}", $"""
            processor: {machineName}
            id: out
            """);
        Assert.That(value.Type, Is.EqualTo(type));
        Assert.That(OutputFormatter.ForcedBy(value.Type), Is.Not.Null);
    }
}
