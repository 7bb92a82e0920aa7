using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Support.DataOps;
using static ApiStudio.Tests.Support.DataOps.DataOpsAssert;
using static ApiStudio.Tests.Support.Rejections;
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

    /// <summary>A replace of b by x in abc without the input <paramref name="missing"/>.</summary>
    private static string Without(string missing) =>
        Rejections.Without("replace", "r", missing, ("haystack", "abc"), ("needle", "b"), ("value", "x"));

    [TestCase("haystack")]
    [TestCase("needle")]
    [TestCase("value")]
    public async Task Each_required_input_is_enforced_at_publish_with_node_id(string missing)
    {
        IsMissingAtPublish(await Rejected(Without(missing)), "r", missing);
    }

    [TestCase("haystack")]
    [TestCase("needle")]
    [TestCase("value")]
    public async Task Each_required_input_is_still_enforced_at_run_time_without_validation(string missing)
    {
        IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(Without(missing)), "r", missing);
    }

    private const string Text = "text, json, xml, html";

    [TestCase("haystack: 123\nneedle: \"2\"\nvalue: x", "haystack", "integer", Text)]
    [TestCase("haystack: abc\nneedle: b\nvalue: [1]", "value", "array", Text + ", integer, float")]
    [TestCase("haystack: abc\nneedle: [b]\nvalue: x", "needle", "array", Text + ", integer, float")]
    [TestCase("haystack: abc\nneedle: b\nvalue: x\nignore_case: \"yes\"", "ignore_case", "text", "boolean")]
    public async Task Inputs_of_the_wrong_type_are_refused_at_publish_with_node_id(string inputs, string input, string type, string allowed)
    {
        var refused = await Rejected("processor: replace\nid: r\n" + inputs);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "r", input)));
        Assert.That(refused.Message, Is.EqualTo(
            $"Resource 'Test resource': node 'r', input '{input}': Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [TestCase("haystack: {processor: var_int, id: source, value: 123}\nneedle: \"2\"\nvalue: x", "haystack", "integer", Text)]
    [TestCase("haystack: abc\nneedle: b\nvalue: {processor: var_collection, id: source, items: [1]}", "value", "array", Text + ", integer, float")]
    [TestCase("haystack: abc\nneedle: {processor: var_bool, id: source, value: true}\nvalue: x", "needle", "boolean", Text + ", integer, float")]
    [TestCase("haystack: abc\nneedle: b\nvalue: x\nignore_case: {processor: var_str, id: source, value: \"yes\"}", "ignore_case", "text", "boolean")]
    public async Task Inputs_computed_of_the_wrong_type_are_rejected_at_run_time_with_node_id(string inputs, string input, string type, string allowed)
    {
        var error = await RunUnvalidatedFails("processor: replace\nid: r\n" + inputs);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "r")));
        Assert.That(error.Message, Is.EqualTo($"Input '{input}' does not accept type {type}; allowed: {allowed}. (node 'r')"));
    }
}
