using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class FieldValueTests
{
    [Test]
    public async Task The_value_is_returned_by_default_with_its_type()
    {
        var value = await Run("""
            processor: field_value
            id: f
            field: {age: 42}
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Integer));
        Assert.That(value.Data, Is.EqualTo(42L));
    }

    [Test]
    public async Task The_key_is_returned_as_text()
    {
        var value = await Run("""
            processor: field_value
            id: f
            field: {age: 42}
            key_value: key
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        Assert.That(value.Data, Is.EqualTo("age"));
    }

    [Test]
    public async Task A_field_built_by_nodes_is_read()
    {
        var value = await Run("""
            processor: field_value
            id: f
            field:
              name:
                processor: var_str
                id: n
                value: Ann
            """);
        Assert.That(value.Data, Is.EqualTo("Ann"));
    }

    [Test]
    public async Task A_map_of_several_pairs_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: field_value
            id: f
            field: {a: 1, b: 2}
            """);
        IsInvalidInput(error, "f", "Input 'field' must be a single key/value pair, got a map of 2 pairs.");
    }

    [Test]
    public async Task A_list_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: field_value
            id: f
            field: [1]
            """);
        IsInvalidInput(error, "f", "Input 'field' must be a single key/value pair, got a list.");
    }

    [Test]
    public async Task A_text_field_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected("""
            processor: field_value
            id: f
            field: name
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "field")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'field': Input 'field' does not accept type text; allowed: array."));
    }

    [Test]
    public async Task A_text_field_computed_at_run_time_is_rejected_with_node_id()
    {
        var error = await RunUnvalidatedFails("""
            processor: field_value
            id: f
            field: {processor: var_str, id: name, value: name}
            """);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo("Input 'field' does not accept type text; allowed: array. (node 'f')"));
    }

    private const string MissingField = """
        processor: field_value
        id: f
        key_value: key
        """;

    [Test]
    public async Task A_missing_field_is_refused_at_publish_with_node_id()
    {
        IsMissingAtPublish(await Rejected(MissingField), "f", "field");
    }

    [Test]
    public async Task A_missing_field_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(MissingField), "f", "field");
    }

    [Test]
    public async Task Key_value_outside_key_and_value_is_refused_at_publish_with_node_id()
    {
        var refused = await Rejected("""
            processor: field_value
            id: f
            field: {a: 1}
            key_value: both
            """);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "f", "key_value")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'f', input 'key_value': Input 'key_value' does not accept the value 'both'; allowed: key, value."));
    }

    [Test]
    public async Task Key_value_computed_outside_key_and_value_is_rejected_at_run_time_with_node_id()
    {
        var error = await RunFails("""
            processor: field_value
            id: f
            field: {a: 1}
            key_value:
              processor: var_get
              id: which
              key: part
            """, Get(("part", "both")));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "f")));
        Assert.That(error.Message, Is.EqualTo("Input 'key_value' does not accept the value 'both'; allowed: key, value. (node 'f')"));
    }
}
