using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarFloatTests : TypedPrimitiveContract
{
    protected override string Processor => "var_float";

    protected override string Allowed => "float, integer";

    protected override string[] WrongLiterals => ["'1.5'", "false", "{a: 1.5}"];

    [TestCase("1.5", 1.5)]
    [TestCase("-0.25", -0.25)]
    [TestCase("1e3", 1000.0)]
    public async Task Float_literal_is_returned(string literal, double expected)
    {
        var value = await Run(Of("var_float", $"value: {literal}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Float, (object)expected)));
    }

    [Test]
    public async Task Integer_is_widened_to_a_float()
    {
        var literal = await Run(Of("var_float", "value: 3"));
        Assert.That((literal.Type, literal.Data), Is.EqualTo((DataType.Float, (object)3.0)));
        var node = await Run(Of("var_float", "value:", "  processor: var_int", "  id: i", "  value: -2"));
        Assert.That((node.Type, node.Data), Is.EqualTo((DataType.Float, (object)-2.0)));
    }
}
