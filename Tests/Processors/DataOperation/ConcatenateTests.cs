using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class ConcatenateTests
{
    [Test]
    public async Task Items_are_joined_in_order_as_text()
    {
        var value = await Run("""
            processor: concatenate
            id: c
            items: [a, 1, 2.5, true, [1, 2]]
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        Assert.That(value.Data, Is.EqualTo("a12.5true[1,2]"));
    }

    [Test]
    public async Task A_node_returning_a_list_gives_one_item_per_element()
    {
        var value = await Run("""
            processor: concatenate
            id: c
            items:
              processor: sort
              id: s
              values: [c, a, b]
            """);
        Assert.That(value.Data, Is.EqualTo("abc"));
    }

    [Test]
    public async Task Fewer_than_two_items_break_the_cardinality()
    {
        var error = await RunFails("""
            processor: concatenate
            id: c
            items: [a]
            """);
        IsInvalidInput(error, "c", "Input 'items' takes [2, *] values, got 1");
    }

    [Test]
    public async Task Missing_items_are_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: concatenate
            id: c
            """);
        IsInvalidInput(error, "c", "Required input 'items' is missing in node 'c'.");
    }
}
