using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class CastTests
{
    [TestCase("'12'", "integer", "integer:12")]
    [TestCase("'2.5'", "float", "float:2.5")]
    [TestCase("'yes'", "boolean", "boolean:true")]
    [TestCase("7", "text", "text:7")]
    [TestCase("7", "float", "float:7")]
    [TestCase("7", "json", "json:7")]
    [TestCase("[1, a]", "json", """json:[1,"a"]""")]
    [TestCase("{a: 1}", "xml", """xml:<?xml version="1.0" encoding="utf-8"?><apiStudioWrapper><a>1</a></apiStudioWrapper>""")]
    [TestCase("'<a>x</a>'", "xml", "xml:<a>x</a>")]
    [TestCase("'[1,2]'", "array", "array:[1,2]")]
    [TestCase("'<b>'", "html", "html:<p>&lt;b&gt;</p>")]
    [TestCase("'hi'", "file", "file:aGk=;text/plain")]
    [TestCase("'aGk='", "image", "image:aGk=;")]
    [TestCase("true", "undefined", "undefined")]
    public async Task Casts_the_data_to_the_requested_type(string data, string type, string expected)
    {
        var value = await Run($"""
            processor: cast
            id: c
            data: {data}
            data_type: {type}
            """);
        Assert.That(CastMatrixTests.Describe(value), Is.EqualTo(expected));
    }

    [Test]
    public async Task Casts_the_value_of_a_node()
    {
        var value = await Run("""
            processor: cast
            id: c
            data:
              processor: var_str
              id: s
              value: " 41 "
            data_type: integer
            """);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, (object)41L)));
    }

    [Test]
    public async Task The_type_name_can_come_from_a_node()
    {
        var value = await Run("""
            processor: cast
            id: c
            data: 1
            data_type:
              processor: var_str
              id: t
              value: boolean
            """);
        Assert.That(value, Is.SameAs(DataContainer.True));
    }

    [Test]
    public async Task Text_that_does_not_parse_is_rejected_with_the_node_id()
    {
        var error = await RunFails("""
            processor: cast
            id: c
            data: abc
            data_type: integer
            """);
        Assert.That(error.Message, Is.EqualTo("Cannot cast text to integer."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "c")));
    }

    [Test]
    public async Task Impossible_casts_are_rejected_with_the_node_id()
    {
        var error = await RunFails("""
            processor: cast
            id: c
            data: [1, 2]
            data_type: boolean
            """);
        Assert.That(error.Message, Is.EqualTo("Cannot cast array to boolean."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "c")));
    }

    [Test]
    public async Task Malformed_xml_text_is_never_taken_as_xml()
    {
        var value = await Run("""
            processor: cast
            id: c
            data: "<a><b></a>"
            data_type: xml
            """);
        Assert.That((string)value.Data!, Does.Contain("<apiStudioWrapper>&lt;a&gt;&lt;b&gt;&lt;/a&gt;</apiStudioWrapper>"));
    }

    [Test]
    public void Missing_data_is_refused_at_publish_with_node_id() =>
        Assert.That(PublishFails("""
            processor: cast
            id: c
            data_type: integer
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'c', input 'data': Input 'data' is required."));

    [Test]
    public void Missing_data_type_is_refused_at_publish_with_node_id() =>
        Assert.That(PublishFails("""
            processor: cast
            id: c
            data: 1
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'c', input 'data_type': Input 'data_type' is required."));

    [TestCase("number")]
    [TestCase("Integer")]
    [TestCase("empty")]
    public void A_data_type_that_is_not_a_type_name_is_refused_at_publish(string type) =>
        Assert.That(PublishFails($"""
            processor: cast
            id: c
            data: 1
            data_type: {type}
            """).Errors.Select(e => e.ToString()),
            Has.Member($"Resource 'Test resource': node 'c', input 'data_type': Input 'data_type' does not accept the value '{type}'; allowed: array, boolean, file, float, html, image, integer, json, text, undefined, xml."));

    [Test]
    public async Task A_data_type_computed_at_run_time_outside_the_type_names_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: cast
            id: c
            data: 1
            data_type:
              processor: var_get
              id: wanted
              key: type
            """, Get(("type", "number")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'data_type' does not accept the value 'number'; allowed: array, boolean, file, float, html, image, " +
            "integer, json, text, undefined, xml. (node 'c')"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "c")));
    }

    [Test]
    public void A_data_type_that_is_not_text_is_refused_at_publish() =>
        Assert.That(PublishFails("""
            processor: cast
            id: c
            data: 1
            data_type: 5
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'c', input 'data_type': Input 'data_type' does not accept type integer; allowed: text."));

    [Test]
    public async Task A_data_type_computed_at_run_time_that_is_not_text_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails("""
            processor: cast
            id: c
            data: 1
            data_type:
              processor: var_int
              id: five
              value: 5
            """);
        Assert.That(error.Message, Is.EqualTo("Input 'data_type' does not accept type integer; allowed: text. (node 'c')"));
        Assert.That(error.ProcessorId, Is.EqualTo("c"));
    }

    [Test]
    public async Task Undefined_data_casts_like_any_value()
    {
        var value = await Run("""
            processor: cast
            id: c
            data: null
            data_type: json
            """);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Json, (object)"null")));
    }

    [Test]
    public void The_catalogue_declares_both_inputs_required_and_the_eleven_type_names()
    {
        var processor = Catalogue.Find("cast")!;
        Assert.That(processor.Menu, Is.EqualTo("Data operation"));
        var dataType = processor.Details.Input("data_type")!;
        Assert.That(processor.Details.Input("data")!.Required, Is.True);
        Assert.That(dataType.Required, Is.True);
        Assert.That(dataType.LimitTypes, Is.EqualTo(new[] { DataType.Text }));
        Assert.That(dataType.LimitValues, Is.EqualTo(DataTypeNames.All));
    }
}
