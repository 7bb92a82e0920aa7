using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarFieldTests
{
    [Test]
    public async Task Key_and_value_give_a_single_pair()
    {
        var value = await Run(Of("var_field", "key: name", "value: Ada"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Array, (object)new Map { ["name"] = "Ada" })));
    }

    [Test]
    public async Task Value_may_be_any_type_including_a_node()
    {
        var value = await Run(Of("var_field", "key: tags", "value:", "  processor: var_collection", "  id: c",
            "  items: [a, b]"));
        Assert.That(value.Data, Is.EqualTo(new Map { ["tags"] = new List<object?> { "a", "b" } }));
    }

    [Test]
    public async Task Integer_key_is_used_as_text()
    {
        var value = await Run(Of("var_field", "key: 2024", "value: true"));
        Assert.That(value.Data, Is.EqualTo(new Map { ["2024"] = true }));
    }

    [TestCase("value: 1")]
    [TestCase("key: a")]
    public async Task Missing_key_or_value_is_refused_with_node_id(string only)
    {
        IsRefusedNaming(await Rejected(Of("var_field", only)), "p", only.StartsWith("key") ? "value" : "key");
    }

    [TestCase("1.5")]
    [TestCase("true")]
    [TestCase("[a, b]")]
    public async Task Key_that_is_not_text_or_integer_is_refused_with_node_id(string key)
    {
        IsRefusedNaming(await Rejected(Of("var_field", $"key: {key}", "value: 1")), "p", "key");
    }

    [Test]
    public async Task Key_of_the_wrong_type_from_a_node_fails_at_run_time()
    {
        var error = await RunUnvalidatedFails(Of("var_field", "key:", "  processor: var_bool", "  id: b", "  value: true", "value: 1"));
        Assert.That(error.Message, Is.EqualTo("Input 'key' does not accept type boolean; allowed: text, integer. (node 'p')"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }
}
