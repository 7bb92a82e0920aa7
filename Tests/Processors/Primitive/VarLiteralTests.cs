using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarLiteralTests
{
    [TestCase("42", DataType.Integer, 42L)]
    [TestCase("1.5", DataType.Float, 1.5)]
    [TestCase("true", DataType.Boolean, true)]
    [TestCase("hello", DataType.Text, "hello")]
    public async Task Scalar_literal_keeps_its_detected_type(string literal, DataType type, object expected)
    {
        var value = await Run(Of("var_literal", $"value: {literal}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((type, expected)));
    }

    [Test]
    public async Task List_and_map_literals_are_arrays()
    {
        var list = await Run(Of("var_literal", "value: [1, two]"));
        Assert.That((list.Type, list.Data), Is.EqualTo((DataType.Array, (object)new List<object?> { 1L, "two" })));
        var map = await Run(Of("var_literal", "value: {a: 1}"));
        Assert.That((map.Type, map.Data), Is.EqualTo((DataType.Array, (object)new Map { ["a"] = 1L })));
    }

    [Test]
    public async Task Null_literal_is_undefined()
    {
        var value = await Run(Of("var_literal", "value: null"));
        Assert.That(value.IsUndefined, Is.True);
    }

    [TestCase("'42'", "integer", DataType.Integer, 42L)]
    [TestCase("42", "text", DataType.Text, "42")]
    [TestCase("2", "float", DataType.Float, 2.0)]
    [TestCase("'yes'", "boolean", DataType.Boolean, true)]
    [TestCase("[1, 2]", "json", DataType.Json, "[1,2]")]
    public async Task Type_casts_the_value(string literal, string type, DataType expectedType, object expected)
    {
        var value = await Run(Of("var_literal", $"value: {literal}", $"type: {type}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((expectedType, expected)));
    }

    [Test]
    public async Task Impossible_cast_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(Of("var_literal", "value: abc", "type: integer"));
        Assert.That(error.Message, Is.EqualTo("Cannot cast text to integer."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }

    [Test]
    public async Task Missing_value_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Of("var_literal", "type: text")), "p", "value");
    }

    [TestCase("number")]
    [TestCase("Integer")]
    public async Task Type_outside_the_type_names_is_refused_with_node_id(string type)
    {
        var refused = await Rejected(Of("var_literal", "value: 1", $"type: {type}"));
        Assert.That(refused.NodeId, Is.EqualTo("p"));
        Assert.That(refused.Message, Does.Contain("type").And.Contain(type));
    }

    [Test]
    public async Task Type_that_is_not_text_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Of("var_literal", "value: 1", "type: [integer]")), "p", "type");
    }

    [Test]
    public async Task Type_from_a_node_is_checked_at_run_time()
    {
        var error = await RunFails(Of("var_literal", ["value: 1", .. TextNode("type", "number")]));
        Assert.That(error.Message, Does.StartWith("Input 'type' does not accept the value 'number'").And.EndWith("(node 'p')"));
        Assert.That(error.ProcessorId, Is.EqualTo("p"));
    }
}
