using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.DataOperation;

public class ReplaceTests
{
    [Test]
    public async Task Every_occurrence_is_replaced_case_sensitively_by_default()
    {
        var value = await Run("""
            processor: replace
            id: r
            haystack: "one cat, two Cats, three cats"
            needle: cat
            value: dog
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Text));
        Assert.That(value.Data, Is.EqualTo("one dog, two Cats, three dogs"));
    }

    [Test]
    public async Task Ignore_case_replaces_every_casing()
    {
        var value = await Run("""
            processor: replace
            id: r
            haystack: "Cat cAT cat"
            needle: CAT
            value: dog
            ignore_case: true
            """);
        Assert.That(value.Data, Is.EqualTo("dog dog dog"));
    }

    [Test]
    public async Task A_number_replacement_is_written_as_text()
    {
        var value = await Run("""
            processor: replace
            id: r
            haystack: "price: X, tax: X"
            needle: X
            value: 2.5
            """);
        Assert.That(value.Data, Is.EqualTo("price: 2.5, tax: 2.5"));
    }

    [Test]
    public async Task The_result_keeps_the_haystack_type()
    {
        var value = await DataOpsEngine.Run("""
            processor: replace
            id: r
            haystack:
              processor: test_json_text
              id: j
              value: '{"name": "OLD"}'
            needle: OLD
            value: new
            """);
        Assert.That(value.Type, Is.EqualTo(DataType.Json));
        Assert.That(value.Data, Is.EqualTo("""{"name": "new"}"""));
    }

    [Test]
    public async Task A_number_needle_is_searched_as_text()
    {
        var value = await Run("""
            processor: replace
            id: r
            haystack: "v2, v2.5"
            needle: 2.5
            value: three
            """);
        Assert.That(value.Data, Is.EqualTo("v2, vthree"));
    }

    [Test]
    public async Task A_needle_that_is_not_found_leaves_the_text_unchanged()
    {
        var value = await Run("""
            processor: replace
            id: r
            haystack: abc
            needle: z
            value: y
            """);
        Assert.That(value.Data, Is.EqualTo("abc"));
    }

    [Test]
    public async Task An_empty_needle_is_rejected_with_node_id()
    {
        var error = await RunFails("""
            processor: replace
            id: r
            haystack: abc
            needle: ""
            value: y
            """);
        IsInvalidInput(error, "r", "Input 'needle' must not be empty.");
    }

    [TestCase("haystack")]
    [TestCase("needle")]
    [TestCase("value")]
    public async Task Each_required_input_is_enforced_with_node_id(string missing)
    {
        var inputs = new Dictionary<string, string> { ["haystack"] = "abc", ["needle"] = "b", ["value"] = "x" };
        inputs.Remove(missing);
        var error = await RunFails("processor: replace\nid: r\n" + string.Join("\n", inputs.Select(i => $"{i.Key}: {i.Value}")));
        IsInvalidInput(error, "r", $"Required input '{missing}' is missing in node 'r'.");
    }

    [Test]
    public async Task A_number_haystack_is_rejected_by_type()
    {
        var error = await RunFails("""
            processor: replace
            id: r
            haystack: 123
            needle: "2"
            value: x
            """);
        IsInvalidInput(error, "r", "Input 'haystack' does not accept type integer");
    }

    [Test]
    public async Task A_list_value_is_rejected_by_type()
    {
        var error = await RunFails("""
            processor: replace
            id: r
            haystack: abc
            needle: b
            value: [1]
            """);
        IsInvalidInput(error, "r", "Input 'value' does not accept type array");
    }

    [Test]
    public async Task Ignore_case_must_be_a_boolean()
    {
        var error = await RunFails("""
            processor: replace
            id: r
            haystack: abc
            needle: b
            value: x
            ignore_case: "yes"
            """);
        IsInvalidInput(error, "r", "Input 'ignore_case' does not accept type text");
    }
}
