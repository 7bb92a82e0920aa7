using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class XmlPathTests
{
    private const string Books =
        "<bookstore><book category=\"COOKING\"><title lang=\"en\">Everyday Italian</title><price>30.00</price></book>" +
        "<book category=\"WEB\"><title lang=\"en\">Learning XML</title><price>39.95</price></book></bookstore>";

    private static Task<DataContainer> OnBooks(string expression, string extra = "") => Run(Xml(Books, expression, extra));

    private static string Xml(string data, string expression, string extra = "") => $"""
        processor: xml_path
        id: x
        data: '{data.Replace("'", "''")}'
        expression: "{expression}"
        {extra}
        """;

    [Test]
    public async Task Get_returns_matched_elements_inside_the_wrapper_as_xml()
    {
        var value = await OnBooks("//book[1]/price");
        Assert.That(value.Type, Is.EqualTo(DataType.Xml));
        Assert.That(value.Data, Is.EqualTo("<apiStudioWrapper><price>30.00</price></apiStudioWrapper>"));
        var all = await OnBooks("//title");
        Assert.That(all.Data, Is.EqualTo(
            "<apiStudioWrapper><title lang=\"en\">Everyday Italian</title><title lang=\"en\">Learning XML</title></apiStudioWrapper>"));
    }

    [Test]
    public async Task Get_returns_attribute_and_text_nodes_as_escaped_text()
    {
        var value = await Run(Xml("<a x=\"1 &lt; 2\"><b>&amp;</b></a>", "//@x | //b/text()"));
        Assert.That(value.Data, Is.EqualTo("<apiStudioWrapper>1 &lt; 2&amp;</apiStudioWrapper>"));
    }

    [Test]
    public async Task Get_with_no_match_returns_an_empty_wrapper()
    {
        var value = await OnBooks("//magazine");
        Assert.That(value.Data, Is.EqualTo("<apiStudioWrapper></apiStudioWrapper>"));
    }

    [Test]
    public async Task Get_returns_strings_numbers_and_booleans_as_values()
    {
        var title = await OnBooks("string(//book[2]/title)");
        Assert.That((title.Type, title.Data), Is.EqualTo((DataType.Text, (object)"Learning XML")));
        var count = await OnBooks("count(//book)");
        Assert.That((count.Type, count.Data), Is.EqualTo((DataType.Integer, (object)2L)));
        var sum = await OnBooks("sum(//price)");
        Assert.That(sum.Type, Is.EqualTo(DataType.Float));
        Assert.That((double)sum.Data!, Is.EqualTo(69.95).Within(1e-9));
        var any = await OnBooks("boolean(//book[@category='WEB'])");
        Assert.That((any.Type, any.Data), Is.EqualTo((DataType.Boolean, (object)true)));
    }

    [Test]
    public async Task Set_replaces_the_text_of_matched_elements_and_attributes()
    {
        var value = await OnBooks("//book[1]/price | //book[1]/@category", "operation: set\nvalue: 1.5");
        Assert.That(value.Type, Is.EqualTo(DataType.Xml));
        Assert.That(value.Data as string, Does.Contain("<book category=\"1.5\"><title lang=\"en\">Everyday Italian</title><price>1.5</price>"));
        Assert.That(value.Data as string, Does.Contain("<price>39.95</price>"));
    }

    [Test]
    public async Task Add_appends_an_xml_fragment_to_matched_elements()
    {
        var value = await OnBooks("//book[2]", "operation: add\nvalue: '<year>2003</year> <isbn>1</isbn>'");
        Assert.That(value.Data as string, Does.Contain("<price>39.95</price><year>2003</year> <isbn>1</isbn></book>"));
    }

    [Test]
    public async Task Add_of_plain_text_appends_a_text_node()
    {
        var value = await Run(Xml("<a><b/></a>", "/a/b", "operation: add\nvalue: 'x and y'"));
        Assert.That(value.Data, Is.EqualTo("<a><b>x and y</b></a>"));
    }

    [Test]
    public async Task Remove_removes_matched_elements_and_attributes()
    {
        var value = await OnBooks("//book[1] | //@lang", "operation: remove");
        Assert.That(value.Data, Is.EqualTo(
            "<bookstore><book category=\"WEB\"><title>Learning XML</title><price>39.95</price></book></bookstore>"));
    }

    [Test]
    public async Task Remove_of_the_root_element_is_rejected_with_node_id()
    {
        var error = await RunFails(Xml("<a/>", "/a", "operation: remove"));
        IsInvalidInput(error, "x", "Cannot remove the element node 'a'.");
    }

    [Test]
    public async Task Malformed_xml_is_rejected_with_node_id()
    {
        var error = await RunFails(Xml("<a><b></a>", "//b"));
        IsInvalidInput(error, "x", "Input 'data' is not well-formed XML");
    }

    [Test]
    public async Task A_dtd_is_refused_so_entities_cannot_expand()
    {
        const string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>";
        var error = await RunFails(Xml(laughs, "/a"));
        IsInvalidInput(error, "x", "Input 'data' is not well-formed XML");
        Assert.That(error.Message, Does.Contain("DTD"));
    }

    [Test]
    public async Task An_external_entity_is_refused()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
        var error = await RunFails(Xml(xxe, "/a"));
        IsInvalidInput(error, "x", "Input 'data' is not well-formed XML");
    }

    [Test]
    public async Task A_malformed_fragment_to_add_is_rejected_with_node_id()
    {
        var error = await RunFails(Xml("<a/>", "/a", "operation: add\nvalue: '<b>'"));
        IsInvalidInput(error, "x", "Input 'value' is not a well-formed XML fragment");
    }

    [Test]
    public async Task An_invalid_xpath_is_rejected_with_node_id()
    {
        var error = await RunFails(Xml("<a/>", "//a[", ""));
        IsInvalidInput(error, "x", "Invalid XPath expression '//a['");
    }

    [Test]
    public async Task A_non_node_set_expression_cannot_be_changed()
    {
        var error = await RunFails(Xml("<a/>", "count(//a)", "operation: remove"));
        IsInvalidInput(error, "x", "Invalid XPath expression 'count(//a)'");
    }

    [TestCase("set")]
    [TestCase("add")]
    public async Task Set_and_add_need_a_value(string operation)
    {
        var error = await RunFails(Xml("<a/>", "/a", $"operation: {operation}"));
        IsInvalidInput(error, "x", $"Operation {operation} needs a value.");
    }

    [TestCase("data", "processor: xml_path\nid: x\nexpression: /a")]
    [TestCase("expression", "processor: xml_path\nid: x\ndata: <a/>")]
    public async Task Missing_data_or_expression_is_refused_at_publish_with_node_id(string missing, string tree)
    {
        IsMissingAtPublish(await Rejected(tree), "x", missing);
    }

    [TestCase("data", "processor: xml_path\nid: x\nexpression: /a")]
    [TestCase("expression", "processor: xml_path\nid: x\ndata: <a/>")]
    public async Task Missing_data_or_expression_is_still_refused_at_run_time_without_validation(string missing, string tree)
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(tree), "x", missing);
    }

    [Test]
    public async Task An_unknown_operation_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Xml("<a/>", "/a", "operation: move"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "x", "operation")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'x', input 'operation': Input 'operation' does not accept the value 'move'; allowed: get, set, add, remove."));
    }

    [Test]
    public async Task An_operation_computed_outside_the_allowed_values_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails(Xml("<a/>", "/a", "operation: {processor: var_str, id: op, value: move}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "x")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'operation' does not accept the value 'move'; allowed: get, set, add, remove. (node 'x')"));
    }

    [Test]
    public async Task Array_data_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected("processor: xml_path\nid: x\ndata: [1]\nexpression: /a");
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "x", "data")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'x', input 'data': Input 'data' does not accept type array; allowed: xml, html, text."));
    }

    [Test]
    public async Task Array_data_computed_at_run_time_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails("processor: xml_path\nid: x\ndata: {processor: var_collection, id: list, items: [1]}\nexpression: /a");
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "x")));
        Assert.That(error.Message, Is.EqualTo("Input 'data' does not accept type array; allowed: xml, html, text. (node 'x')"));
    }

    [Test]
    public async Task Array_value_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected(Xml("<a/>", "/a", "operation: set\nvalue: [1]"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "x", "value")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'x', input 'value': Input 'value' does not accept type array; allowed: text, xml, html, integer, float, boolean."));
    }

    [Test]
    public async Task Array_value_computed_at_run_time_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails(Xml("<a/>", "/a", "operation: set\nvalue: {processor: var_collection, id: list, items: [1]}"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "x")));
        Assert.That(error.Message, Is.EqualTo(
            "Input 'value' does not accept type array; allowed: text, xml, html, integer, float, boolean. (node 'x')"));
    }
}
