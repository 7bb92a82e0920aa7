using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarIntTests : TypedPrimitiveContract
{
    protected override string Processor => "var_int";

    protected override string Allowed => "integer";

    protected override string[] WrongLiterals => ["1.5", "'42'", "true", "[1, 2]"];

    [TestCase("42", 42L)]
    [TestCase("-7", -7L)]
    [TestCase("9007199254740993", 9007199254740993L)]
    public async Task Integer_literal_is_returned(string literal, long expected)
    {
        var value = await Run(Of("var_int", $"value: {literal}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, (object)expected)));
    }
}
