using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarLooselyTypedTests
{
    private static readonly string Node = Of("var_loosely_typed", "value:", "  processor: var_get", "  id: g", "  key: v");

    [TestCase("42", DataType.Integer, 42L)]
    [TestCase(" -3 ", DataType.Integer, -3L)]
    [TestCase("1.25", DataType.Float, 1.25)]
    [TestCase("True", DataType.Boolean, true)]
    [TestCase("false", DataType.Boolean, false)]
    [TestCase("hello", DataType.Text, "hello")]
    [TestCase("[x", DataType.Text, "[x")]
    [TestCase("NaN", DataType.Text, "NaN")]
    public async Task Text_gets_the_type_it_reads_as(string text, DataType type, object expected)
    {
        var value = await Run(Node, Get(("v", text)));
        Assert.That((value.Type, value.Data), Is.EqualTo((type, expected)));
    }

    [Test]
    public async Task Json_text_becomes_an_array()
    {
        var list = await Run(Node, Get(("v", "[1, \"a\"]")));
        Assert.That((list.Type, list.Data), Is.EqualTo((DataType.Array, (object)new List<object?> { 1L, "a" })));
        var map = await Run(Node, Get(("v", "{\"a\": true}")));
        Assert.That((map.Type, map.Data), Is.EqualTo((DataType.Array, (object)new Map { ["a"] = true })));
    }

    [TestCase("7", DataType.Integer)]
    [TestCase("[1, 2]", DataType.Array)]
    [TestCase("null", DataType.Undefined)]
    public async Task Values_that_are_not_text_are_returned_unchanged(string literal, DataType type)
    {
        var value = await Run(Of("var_loosely_typed", $"value: {literal}"));
        Assert.That(value.Type, Is.EqualTo(type));
    }

    [Test]
    public async Task Json_typed_values_are_not_reinterpreted()
    {
        var value = await Run(Of("var_loosely_typed", "value:", "  processor: var_literal", "  id: l",
            "  value: '42'", "  type: json"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Json, (object)"42")));
    }

    [Test]
    public async Task Missing_value_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(Of("var_loosely_typed"), new ApiRequest()), "p", "value");
    }
}
