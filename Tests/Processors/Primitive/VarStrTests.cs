using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarStrTests : TypedPrimitiveContract
{
    protected override string Processor => "var_str";

    protected override string Allowed => "text";

    protected override string[] WrongLiterals => ["42", "true", "[a, b]"];

    protected override (string[] Lines, string Type) WrongNode =>
        (["value:", "  processor: var_int", "  id: i", "  value: 42"], "integer");

    [TestCase("hello", "hello")]
    [TestCase("'42'", "42")]
    [TestCase("''", "")]
    public async Task Text_literal_is_returned(string literal, string expected)
    {
        var value = await Run(Of("var_str", $"value: {literal}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, (object)expected)));
    }
}
