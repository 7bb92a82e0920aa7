using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarBoolTests : TypedPrimitiveContract
{
    protected override string Processor => "var_bool";

    protected override string Allowed => "boolean";

    protected override string[] WrongLiterals => ["1", "'true'", "[true, false]"];

    [TestCase("true", true)]
    [TestCase("false", false)]
    public async Task Boolean_literal_is_returned(string literal, bool expected)
    {
        var value = await Run(Of("var_bool", $"value: {literal}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Boolean, (object)expected)));
    }
}
