using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.HostileTrees;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Budget;

/// <summary>json_path and xml_path under the request's budgets: expressions whose work explodes end with a clear error.</summary>
public class JsonXmlPathBudgetTests
{
    private static readonly EvaluationOptions Short = new() { TimeBudget = TimeSpan.FromSeconds(2) };

    private static string JsonPath(string data, string expression) => $"""
        processor: json_path
        id: jp
        data: '{data}'
        expression: "{expression}"
        """;

    private static string XmlPath(string data, string expression) => $"""
        processor: xml_path
        id: xp
        data: '{data}'
        expression: "{expression}"
        """;

    /// <summary>Asserts a budget error (time, memory or refused cost) naming the node, well within the budget's margin.</summary>
    private static void IsBudgetError(ApiException error, string nodeId, Stopwatch clock)
    {
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Core));
        Assert.That(error.ProcessorId, Is.EqualTo(nodeId));
        Assert.That(error.Message, Does.Contain("budget").Or.Contain("too costly"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [TestCase(200)]
    [TestCase(400)]
    public async Task Nested_recursive_descents_over_a_deep_array_end_with_a_budget_error(int depth)
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails(JsonPath(Nested(depth), "$..*..*..*"), options: Short);
        IsBudgetError(error, "jp", clock);
        TestContext.Out.WriteLine($"{depth}: {error.HttpStatus} {error.Message} after {clock.ElapsedMilliseconds} ms");
    }

    [TestCase("$..*..*..*..[?(@ == 2)]", 400, 0)]
    [TestCase("$..*..*..*..x", 400, 0)]
    [TestCase("$..*[?(@..*..* == 1)]", 1000, 3)]
    [TestCase("$[?(@..*..*..* == 1)]", 400, 0)]
    public async Task Selective_last_steps_and_filter_predicates_end_with_a_budget_error(string expression, int depth, int siblings)
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails(JsonPath(Nested(depth, siblings), expression), options: Short);
        IsBudgetError(error, "jp", clock);
        TestContext.Out.WriteLine($"{error.HttpStatus} {error.Message} after {clock.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task Nested_counts_over_many_elements_end_with_the_time_budget_error()
    {
        var xml = WideXml(2000);
        var clock = Stopwatch.StartNew();
        var error = await RunFails(XmlPath(xml, NestedCounts), options: Short);
        IsBudgetError(error, "xp", clock);
        Assert.That(error.Message, Does.Contain("time budget of 2 s"));
        TestContext.Out.WriteLine($"{error.HttpStatus} {error.Message} after {clock.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task Nested_matches_of_a_deep_document_end_with_the_memory_budget_error()
    {
        var xml = DeepXml(3000);
        var error = await RunFails(XmlPath(xml, "//*"), options: Short with { MemoryBudgetBytes = 4 * 1024 * 1024 });
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 507, "xp")));
        Assert.That(error.Message, Is.EqualTo("The request exceeded its memory budget of 4 MiB."));
    }

    [Test]
    public async Task Documents_whose_trees_cannot_fit_are_refused_before_they_are_parsed()
    {
        var options = Short with { MemoryBudgetBytes = 1024 * 1024 };
        // 400 KB of text, some 13 MB of DOM; 200 KB of JSON, some 8 MB of tokens.
        var xml = await RunFails(XmlPath(WideXml(100_000), "count(/r)"), options: options);
        Assert.That((xml.HttpStatus, xml.ProcessorId), Is.EqualTo((507, "xp")));
        var json = await RunFails(JsonPath("[" + string.Join(",", Enumerable.Repeat("0", 100_000)) + "]", "$[0]"), options: options);
        Assert.That((json.HttpStatus, json.ProcessorId), Is.EqualTo((507, "jp")));
    }

    [Test]
    public async Task Ordinary_expressions_are_unchanged_under_small_budgets()
    {
        var options = Short with { MemoryBudgetBytes = 256 * 1024 };
        var matches = await Run(JsonPath(Nested(50), "$..*"), options: options);
        Assert.That(((List<object?>)matches.Data!).Count, Is.EqualTo(51), "every nested list and the innermost 1");
        var count = await Run(XmlPath("<r><a/><a/></r>", "count(//*[count(//*) > 2])"), options: options);
        Assert.That(count.Data, Is.EqualTo(3L));
    }
}
