using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Processors.Primitive.PrimitiveNode;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Primitive;

public class VarCollectionTests
{
    [Test]
    public async Task Items_become_a_list_in_order()
    {
        var value = await Run(Of("var_collection", "items:", "  - 1", "  - two",
            "  - processor: var_float", "    id: f", "    value: 3.5", "  - [4, 5]", "  - {six: 6}"));
        Assert.That(value.Type, Is.EqualTo(DataType.Array));
        Assert.That(value.Data, Is.EqualTo(new List<object?>
        {
            1L, "two", 3.5, new List<object?> { 4L, 5L }, new Map { ["six"] = 6L },
        }));
    }

    [Test]
    public async Task A_single_scalar_item_gives_a_list_of_one()
    {
        var value = await Run(Of("var_collection", "items: 7"));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { 7L }));
    }

    [Test]
    public async Task A_single_node_returning_a_list_gives_its_elements()
    {
        var request = new ApiRequest { Query = new Dictionary<string, object?> { ["t"] = new List<object?> { "a", "b" } } };
        var value = await Run(Of("var_collection", "items:", "  processor: var_get", "  id: g", "  key: t"), request);
        Assert.That(value.Data, Is.EqualTo(new List<object?> { "a", "b" }));
    }

    [Test]
    public async Task No_items_give_an_empty_list()
    {
        var value = await Run(Of("var_collection"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Array, (object)new List<object?>())));
    }

    [Test]
    public async Task Json_items_are_stored_as_plain_values()
    {
        var value = await Run(Of("var_collection", "items:", "  - processor: var_literal", "    id: j",
            "    value: '{\"a\": 1}'", "    type: json"));
        Assert.That(value.Data, Is.EqualTo(new List<object?> { new Map { ["a"] = 1L } }));
    }

    [Test]
    public async Task An_undefined_item_is_kept_as_null()
    {
        var value = await Run(Of("var_collection", "items:", "  - 1", "  - processor: var_get", "    id: g",
            "    key: missing", "    nullable: true"), new ApiRequest());
        Assert.That(value.Data, Is.EqualTo(new List<object?> { 1L, null }));
    }
}
