using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class SwitchTests
{
    [TestCase("a", 1L)]
    [TestCase("b", 2L)]
    public async Task Literal_cases_give_the_matching_value(string key, long expected)
    {
        var run = await Run($$"""
            processor: switch
            id: pick
            value: {{key}}
            cases: {a: 1, b: 2}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task Only_the_matching_case_node_is_evaluated()
    {
        var run = await Run("""
            processor: switch
            id: pick
            value: second
            cases:
              first: {processor: test_record, id: first_case, value: 1}
              second: {processor: test_record, id: second_case, value: 2}
              third: literal
            default: {processor: test_record, id: default_case, value: 0}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(2L));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "second_case" }));
    }

    [Test]
    public async Task A_literal_case_among_node_cases_is_returned_as_is()
    {
        var run = await Run("""
            processor: switch
            id: pick
            value: third
            cases:
              first: {processor: test_record, id: first_case, value: 1}
              third: [x, y]
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(new List<object?> { "x", "y" }));
        Assert.That(run.Recorder.Log, Is.Empty);
    }

    [TestCase("{processor: test_record, id: fallback, value: other}")]
    [TestCase("other")]
    public async Task No_matching_case_gives_the_default(string defaultYaml)
    {
        var run = await Run($$"""
            processor: switch
            id: pick
            value: z
            cases: {a: 1, b: {processor: test_record, id: b_case} }
            default: {{defaultYaml}}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("other"));
        Assert.That(run.Recorder.Log.Contains("b_case"), Is.False);
    }

    [Test]
    public async Task No_matching_case_and_no_default_gives_undefined()
    {
        var run = await Run("""
            processor: switch
            id: pick
            value: z
            cases: {a: 1}
            """);
        Assert.That(run.Value!.IsUndefined, Is.True);
    }

    [Test]
    public async Task Without_cases_the_default_is_used()
    {
        var run = await Run("""
            processor: switch
            id: pick
            value: z
            default: fallback
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("fallback"));
    }

    [TestCase("1", "one")]
    [TestCase("true", "yes")]
    [TestCase("1.5", "one and a half")]
    [TestCase("\"1\"", "one")]
    public async Task The_value_is_compared_as_text_with_the_case_keys(string value, string expected)
    {
        var run = await Run($$"""
            processor: switch
            id: pick
            value: {{value}}
            cases: {"1": one, "true": yes, "1.5": one and a half}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_value_may_come_from_a_node()
    {
        var run = await Run("""
            processor: switch
            id: pick
            value: {processor: concatenate, id: key, items: [a, b]}
            cases: {ab: joined}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("joined"));
    }

    private const string MissingValue = """
        processor: switch
        id: pick
        cases: {a: 1}
        """;

    [Test]
    public async Task Missing_value_is_rejected_at_publish_with_node_id()
    {
        IsMissingAtPublish(await RejectedWithTestProcessors(MissingValue), "pick", "value");
    }

    [Test]
    public async Task Missing_value_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await RunUnvalidatedFails(MissingValue), "pick", "value");
    }

    [Test]
    public async Task Cases_that_are_not_an_array_are_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(Cases("5"));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "pick", "cases")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'pick', input 'cases': Input 'cases' does not accept type integer; allowed: array."));
    }

    [Test]
    public async Task Cases_that_are_a_list_are_rejected_at_run_time_with_node_id()
    {
        // A list is an array, the declared type, so it passes publication; only the processor tells list from map.
        var error = await RunFails(Cases("[a, b]"));
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "pick")));
        Assert.That(error.Message, Is.EqualTo("Input 'cases' must be a map of case key to value."));
    }

    private static string Cases(string cases) => $"""
        processor: switch
        id: pick
        value: a
        cases: {cases}
        """;

    [Test]
    public void Cases_and_default_are_conditional()
    {
        var details = Catalogue.Find("switch")!.Details;
        Assert.That(details.Conditional, Is.True);
        Assert.That(details.Input("cases")!.Conditional && details.Input("default")!.Conditional, Is.True);
        Assert.That(details.Input("value")!.Conditional, Is.False);
    }
}
