using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class CountTests : InputRulesContract
{
    protected override string Processor => "count";

    protected override (string Name, string Yaml)[] Valid => [("items", "[a, b]")];

    [TestCase("[red, green, blue]", 3L)]
    [TestCase("[]", 0L)]
    [TestCase("{a: 1, b: [2, 3]}", 2L)]
    [TestCase("[[1, 2], [3]]", 2L)]
    public async Task Items_of_a_list_or_entries_of_a_map_are_counted(string items, long expected)
    {
        var value = await Run($"processor: count\nid: p\nitems: {items}");
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, expected)));
    }

    [Test]
    public async Task A_list_computed_by_a_node_is_counted() =>
        Assert.That((await Run("processor: count\nid: p\nitems: {processor: text_split, id: s, text: 'a,b,c,d', separator: ','}")).Data, Is.EqualTo(4L));

    [Test]
    public async Task A_json_value_holding_a_list_is_counted() =>
        Assert.That((await Run("processor: count\nid: p\nitems: {processor: cast, id: c, data: [1, 2, 3], data_type: json}")).Data, Is.EqualTo(3L));

    [Test]
    public async Task A_json_value_holding_a_number_is_refused_with_node_id()
    {
        var error = await RunFails("processor: count\nid: p\nitems: {processor: cast, id: c, data: 5, data_type: json}");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("p", 400, "Input 'items' must be a list or a map, got json.")));
    }
}
