using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.Rejections;
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
    public async Task Fewer_than_two_items_are_refused_at_publish_with_node_id()
    {
        var refused = await Rejected("""
            processor: concatenate
            id: c
            items: [a]
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "c", "items")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'c', input 'items': Input 'items' takes [2, *] values, got 1."));
    }

    [Test]
    public async Task A_node_giving_fewer_than_two_items_breaks_the_cardinality_at_run_time_with_node_id()
    {
        var error = await RunFails("""
            processor: concatenate
            id: c
            items:
              processor: var_collection
              id: one
              items: [a]
            """);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "c")));
        Assert.That(error.Message, Is.EqualTo("Input 'items' takes [2, *] values, got 1. (node 'c')"));
    }

    private const string MissingItems = """
        processor: concatenate
        id: c
        """;

    [Test]
    public async Task Missing_items_are_refused_at_publish_with_node_id()
    {
        IsMissingAtPublish(await Rejected(MissingItems), "c", "items");
    }

    [Test]
    public async Task Missing_items_are_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingItems), "c", "items");
    }
}
