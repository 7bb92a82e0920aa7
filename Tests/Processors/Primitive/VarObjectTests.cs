using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarObjectTests
{
    private static string[] Field(string id, string key, string value) =>
        ["  - processor: var_field", $"    id: {id}", $"    key: {key}", $"    value: {value}"];

    [Test]
    public async Task Fields_become_a_map_in_order()
    {
        var value = await Run(Of("var_object", ["attributes:", .. Field("f1", "name", "Ada"), .. Field("f2", "age", "36")]));
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new Map { ["name"] = "Ada", ["age"] = 36L }));
        Assert.That(((Map)value.Data!).Keys, Is.EqualTo(new[] { "name", "age" }));
    }

    [Test]
    public async Task Literal_pairs_and_fields_may_be_mixed()
    {
        var value = await Run(Of("var_object", ["attributes:", "  - {a: 1}", .. Field("f", "b", "2")]));
        Assert.That(value.Data, Is.EqualTo(new Map { ["a"] = 1L, ["b"] = 2L }));
    }

    [Test]
    public async Task No_attributes_give_an_empty_map()
    {
        var value = await Run(Of("var_object"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Array, (object)new Map())));
    }

    [Test]
    public async Task Duplicate_key_is_an_error_naming_the_key_and_the_node()
    {
        var error = await RunFails(Of("var_object", ["attributes:", .. Field("f1", "name", "Ada"), .. Field("f2", "name", "Bob")]));
        Assert.That(error.Message, Is.EqualTo("Duplicate key 'name' in the attributes of node 'p'."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }

    [TestCase("  - {a: 1, b: 2}")]
    [TestCase("  - [1]")]
    [TestCase("  - {}")]
    public async Task Attribute_that_is_not_a_single_pair_is_an_error_with_the_node_id(string attribute)
    {
        var error = await RunFails(Of("var_object", "attributes:", "  - {x: 0}", attribute));
        Assert.That(error.Message, Is.EqualTo("Attribute 1 of node 'p' must be a single key/value pair, such as a var_field."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "p")));
    }

    [TestCase("  - 5")]
    [TestCase("  - text")]
    public async Task Scalar_attribute_is_refused_with_node_id(string attribute)
    {
        IsRefusedNaming(await Rejected(Of("var_object", "attributes:", attribute)), "p", "attributes");
    }

    [Test]
    public async Task Scalar_from_a_node_is_refused_at_run_time()
    {
        var error = await RunUnvalidatedFails(Of("var_object", "attributes:", "  - processor: var_int", "    id: i", "    value: 1"));
        Assert.That(error.Message, Is.EqualTo("Input 'attributes' does not accept type integer; allowed: array. (node 'p')"));
        Assert.That(error.ProcessorId, Is.EqualTo("p"));
    }
}
