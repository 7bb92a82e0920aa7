using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

/// <summary>var_uri by key (the shared rules) and by index.</summary>
public class VarUriTests : RequestVariableContract
{
    protected override string Processor => "var_uri";

    protected override string Source => "URI variable";

    protected override ApiRequest With(string key, string value) =>
        new() { UriKeys = new Dictionary<string, string> { [key] = value } };

    private static readonly ApiRequest Arguments = new() { UriArguments = ["first", "42"] };

    private static string ByIndex(string index, params string[] extra) =>
        string.Join("\n", ["processor: var_uri", "id: u", $"index: {index}", .. extra]);

    [TestCase(0, "first")]
    [TestCase(1, "42")]
    public async Task Index_reads_the_positional_argument(int index, string expected)
    {
        var value = await Run(ByIndex(index.ToString()), Arguments);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, (object)expected)));
    }

    [Test]
    public async Task Index_argument_is_cast_to_the_expected_type()
    {
        var value = await Run(ByIndex("1", "expected_type: integer"), Arguments);
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, (object)42L)));
    }

    [Test]
    public async Task Index_past_the_arguments_is_400_code_6_with_the_node_id()
    {
        var error = await RunFails(ByIndex("2"), Arguments);
        Assert.That(error.Message, Is.EqualTo("URI variable (2) does not exist or is undefined."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "u")));
    }

    [Test]
    public async Task Index_past_the_arguments_is_undefined_when_nullable()
    {
        var value = await Run(ByIndex("2", "nullable: true"), Arguments);
        Assert.That(value.IsUndefined, Is.True);
    }

    [Test]
    public async Task Negative_index_is_an_error_with_the_node_id()
    {
        var error = await RunFails(ByIndex("-1", "nullable: true"), Arguments);
        Assert.That(error.Message, Is.EqualTo("Input 'index' must be 0 or more, got -1 (node 'u')."));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "u")));
    }

    [Test]
    public async Task Index_that_is_not_an_integer_is_refused_with_node_id()
    {
        IsRefusedNaming(await Rejected(ByIndex("first"), Arguments), "u", "index");
    }

    [Test]
    public async Task Index_and_key_together_are_an_error_with_the_node_id()
    {
        var error = await RunFails(ByIndex("0", "key: name"), Arguments);
        Assert.That(error.Message, Is.EqualTo("Node 'u' needs exactly one of the inputs 'index' and 'key'."));
        Assert.That((error.Code, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, "u")));
    }

    [Test]
    public async Task Neither_index_nor_key_is_an_error_with_the_node_id()
    {
        var error = await RunFails("processor: var_uri\nid: u", Arguments);
        Assert.That(error.Message, Is.EqualTo("Node 'u' needs exactly one of the inputs 'index' and 'key'."));
        Assert.That(error.ProcessorId, Is.EqualTo("u"));
    }

    [Test]
    public async Task Key_does_not_read_positional_arguments()
    {
        var error = await RunFails(Node("first"), Arguments);
        Assert.That(error.Message, Is.EqualTo("URI variable (first) does not exist or is undefined."));
    }
}
