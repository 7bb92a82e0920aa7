using System.Diagnostics;
using System.Net;
using System.Text;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApiStudio.Tests.Support.HostileTrees;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Hostile requests against a real host with short budgets (2 s, 16 MiB): each ends with a clear error within the
/// time budget and a margin, and the host keeps serving, also while several arrive at once.
/// </summary>
public class BudgetAttackTests
{
    private const double BudgetSeconds = 2;
    private const long MemoryBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(8);
    private const string Base = "api/lab/attacks/";

    private TestHost _host = null!;
    private LogCapture _logs = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Budget:TimeSeconds"] = $"{BudgetSeconds}",
            ["ApiStudio:Budget:MemoryBytes"] = $"{MemoryBytes}",
            ["ApiStudio:MaxBodyBytes"] = $"{4 * 1024 * 1024}",
            // Node starts are logged at Debug: the disconnect test waits for its node to start (the level is set for
            // the logger factory and for Serilog, whichever filters first).
            ["Logging:LogLevel:ApiStudio.Engine.Http.ApiRequestHandler"] = "Debug",
            ["Serilog:MinimumLevel:Override:ApiStudio.Engine.Http.ApiRequestHandler"] = "Debug",
        });
        _logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        await _host.CreateApplicationAsync("lab", "attacks");
        await Publish("get", "ping", "pong");
        await Publish("post", "json-path", """
            processor: json_path
            id: select
            data: {processor: var_body, id: body}
            expression: {processor: var_get, id: expr, key: expr}
            """);
        await Publish("post", "xml-path", """
            processor: xml_path
            id: select
            data: {processor: var_body, id: body}
            expression: {processor: var_get, id: expr, key: expr}
            """);
        await Publish("get", "doubling", Doubling(40));
        // About half the memory budget: a text of 2^21 characters after texts half as long, a quarter...
        await Publish("get", "doubled", Doubling(20));
        await Publish("get", "random", """
            processor: var_rand
            id: random
            length: {processor: var_get, id: length, key: length, expected_type: integer}
            """);
        await Publish("post", "merge", """
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: save, key: list, operation: save, value: {processor: var_body, id: body}}
              - processor: merge
                id: union
                sources:
            """ + string.Concat(Enumerable.Range(0, 40).Select(i => $"\n          - {{processor: var_temporary, id: read{i}, key: list, operation: fetch}}")));
        await Publish("post", "map", """
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: save, key: list, operation: save, value: {processor: var_body, id: body}}
              - processor: map
                id: copies
                values: {processor: var_temporary, id: items, key: list, operation: fetch}
                process_loop: {processor: var_temporary, id: copy, key: list, operation: fetch}
            """);
        await Publish("post", "sort", """
            processor: sort
            id: order
            values: {processor: var_body, id: body}
            """);
        await Publish("post", "filter", """
            processor: filter
            id: keep
            values: {processor: var_body, id: body}
            operator: "!="
            rhs: 0
            """);
        await Publish("post", "to-xml", """
            processor: cast
            id: convert
            data: {processor: var_body, id: body}
            data_type: xml
            """);
        await Publish("post", "echo", "processor: var_body\nid: body");
        await Publish("get", "nested-calls", """
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: keep, key: first, operation: save, value: {processor: resource_call, id: call1, uri: doubled}}
              - {processor: resource_call, id: call2, uri: doubled}
            """);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    private Task Publish(string method, string uri, string process) => _host.PublishAsync("lab", "attacks", method, uri, process);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON list of <paramref name="count"/> small lists.</summary>
    private static string ListOfLists(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"[{i % 7},{i},\"item {i}\"]")) + "]";

    private async Task<(Reply Reply, TimeSpan Elapsed)> Timed(Func<Task<Reply>> send)
    {
        var clock = Stopwatch.StartNew();
        var reply = await send();
        return (reply, clock.Elapsed);
    }

    private async Task<Reply> PostJsonPath(string body, string expression) =>
        await _host.SendAsync(HttpMethod.Post, Base + "json-path?expr=" + Uri.EscapeDataString(expression), Json(body));

    /// <summary>Posts to xml_path; as text, the body is not read as XML (and nested to at most 256 levels) before it.</summary>
    private async Task<Reply> PostXmlPath(string xml, string expression, string mediaType = "application/xml") =>
        await _host.SendAsync(HttpMethod.Post, Base + "xml-path?expr=" + Uri.EscapeDataString(expression),
            new StringContent(xml, Encoding.UTF8, mediaType));

    /// <summary>The error envelope of a budget: code 0, the node named, the message, the status.</summary>
    private static void IsBudgetError(Reply reply, HttpStatusCode status, string nodeId, string message)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        var data = (Map)reply.Data!;
        Assert.That((data["code"], data["id"]), Is.EqualTo((0L, (object)nodeId)));
        Assert.That((string)data["message"]!, Does.Contain(message));
    }

    private static void IsMemoryError(Reply reply, string nodeId) =>
        IsBudgetError(reply, HttpStatusCode.InsufficientStorage, nodeId, "exceeded its memory budget of 16 MiB.");

    private static void IsTimeError(Reply reply, string nodeId) =>
        IsBudgetError(reply, HttpStatusCode.InternalServerError, nodeId, "exceeded its time budget of 2 s.");

    private static void WithinBudget(TimeSpan elapsed) =>
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(BudgetSeconds) + Margin));

    private async Task AssertStillServing()
    {
        var reply = await _host.GetAsync(Base + "ping");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"pong"}""")));
    }

    [TestCase(200)]
    [TestCase(400)]
    public async Task Nested_recursive_descents_over_a_deep_array(int depth)
    {
        var (reply, elapsed) = await Timed(() => PostJsonPath(Nested(depth), "$..*..*..*"));
        IsMemoryError(reply, "select");
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [TestCase("$..*..*..*..x", 400, 0)]
    [TestCase("$..*[?(@..*..* == 1)]", 1000, 3)]
    public async Task Selective_last_steps_and_filter_predicates(string expression, int depth, int siblings)
    {
        var (reply, elapsed) = await Timed(() => PostJsonPath(Nested(depth, siblings), expression));
        Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.InsufficientStorage, HttpStatusCode.InternalServerError), reply.Body);
        Assert.That(reply.Body, Does.Contain("budget"));
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task A_predicate_whose_nested_descents_would_explode_is_refused_at_once()
    {
        var reply = await PostJsonPath(Nested(400), "$[?(@..*..*..* == 1)]");
        IsBudgetError(reply, HttpStatusCode.UnprocessableEntity, "select", "too costly for this data");
        await AssertStillServing();
    }

    [Test]
    public async Task A_catastrophic_regular_expression_in_a_filter()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("\"" + new string('a', 40) + "!\"", 50)) + "]";
        var (reply, elapsed) = await Timed(() => PostJsonPath(body, "$[?(@ =~ /^(a+)+$/)]"));
        // One value takes the regular expression's whole allowance: an invalid expression for this data.
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.Contain("Invalid JSONPath expression").And.Contain("timed out"));
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task Nested_counts_over_many_elements()
    {
        var xml = WideXml(2000);
        var (reply, elapsed) = await Timed(() => PostXmlPath(xml, NestedCounts));
        IsTimeError(reply, "select");
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task Overlapping_matches_of_a_deep_document()
    {
        var xml = DeepXml(3000);
        var (reply, elapsed) = await Timed(() => PostXmlPath(xml, "//*", "text/plain"));
        IsMemoryError(reply, "select");
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task A_loop_doubling_a_text_leaves_the_host_s_memory_alone()
    {
        var (reply, elapsed) = await Timed(() => _host.GetAsync(Base + "doubling"));
        IsMemoryError(reply, "double");
        WithinBudget(elapsed);
        // The attack would build 2^41 characters; what the host holds afterwards is far below a gigabyte.
        Assert.That(GC.GetTotalMemory(forceFullCollection: true), Is.LessThan(1024L * 1024 * 1024));
        await AssertStillServing();
    }

    [Test]
    public async Task A_traced_request_has_the_same_budgets()
    {
        var (reply, elapsed) = await Timed(() => _host.GetAsync(Base + "doubling", ("X-ApiStudio-Trace", "1")));
        IsMemoryError(reply, "double");
        WithinBudget(elapsed);
    }

    [Test]
    public async Task Nested_resource_calls_share_the_caller_s_memory_budget()
    {
        // Each call builds about half the budget: one alone is answered, the second of two finds too little left.
        var alone = await _host.GetAsync(Base + "doubled");
        Assert.That(alone.Status, Is.EqualTo(HttpStatusCode.OK));
        var (reply, elapsed) = await Timed(() => _host.GetAsync(Base + "nested-calls"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InsufficientStorage), reply.Body);
        Assert.That((string)((Map)reply.Data!)["message"]!, Does.Contain("exceeded its memory budget of 16 MiB."));
        Assert.That(((Map)reply.Data!)["id"], Is.EqualTo("call2"));
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task A_random_text_of_a_huge_length_is_refused()
    {
        var reply = await _host.GetAsync(Base + "random?length=2000000000");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.Contain("must be between 1 and 4096"));
        await AssertStillServing();
    }

    [Test]
    public async Task Merging_one_list_with_itself_many_times()
    {
        var (reply, elapsed) = await Timed(() => _host.SendAsync(HttpMethod.Post, Base + "merge", Json(ListOfLists(20_000))));
        IsMemoryError(reply, "union");
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task Mapping_every_item_to_a_copy_of_the_whole_list()
    {
        var (reply, elapsed) = await Timed(() => _host.SendAsync(HttpMethod.Post, Base + "map", Json(ListOfLists(5_000))));
        IsMemoryError(reply, "copies");
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [TestCase("sort")]
    [TestCase("filter")]
    [TestCase("to-xml")]
    [TestCase("echo")]
    public async Task Large_generated_lists_are_answered_or_refused_within_the_budget(string uri)
    {
        var (reply, elapsed) = await Timed(() => _host.SendAsync(HttpMethod.Post, Base + uri, Json(ListOfLists(60_000))));
        Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.InsufficientStorage, HttpStatusCode.InternalServerError),
            reply.Body.Length > 500 ? reply.Body[..500] : reply.Body);
        if (reply.Status != HttpStatusCode.OK)
        {
            Assert.That(reply.Body, Does.Contain("budget"));
        }
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [TestCase(1000)]
    [TestCase(250)]
    public async Task Deep_values_converted_to_xml(int depth)
    {
        var (reply, elapsed) = await Timed(() => _host.SendAsync(HttpMethod.Post, Base + "to-xml", Json(Nested(depth))));
        Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest), reply.Body);
        WithinBudget(elapsed);
        await AssertStillServing();
    }

    [Test]
    public async Task Several_hostile_requests_at_once_leave_a_normal_client_served()
    {
        var xml = WideXml(2000);
        var hostile = new List<Task<(Reply Reply, TimeSpan Elapsed)>>();
        for (var i = 0; i < 3; i++)
        {
            hostile.Add(Timed(() => PostXmlPath(xml, NestedCounts)));
            hostile.Add(Timed(() => PostJsonPath(Nested(400), "$..*..*..*")));
            hostile.Add(Timed(() => _host.GetAsync(Base + "doubling")));
        }
        var answered = 0;
        while (!hostile.All(t => t.IsCompleted))
        {
            var (reply, elapsed) = await Timed(() => _host.GetAsync(Base + "ping"));
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
            WithinBudget(elapsed);
            answered++;
        }
        foreach (var (reply, elapsed) in await Task.WhenAll(hostile))
        {
            Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.InsufficientStorage, HttpStatusCode.InternalServerError), reply.Body);
            Assert.That(reply.Body, Does.Contain("budget"));
            WithinBudget(elapsed);
        }
        Assert.That(answered, Is.GreaterThan(0));
        await AssertStillServing();
    }

    [Test]
    public async Task A_client_that_goes_away_stops_the_work()
    {
        // A host of its own with a time budget far beyond the test's patience: only the client leaving can stop this
        // evaluation before the test gives up waiting.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Budget:TimeSeconds"] = "600",
            ["Logging:LogLevel:ApiStudio.Engine.Http.ApiRequestHandler"] = "Debug",
            ["Serilog:MinimumLevel:Override:ApiStudio.Engine.Http.ApiRequestHandler"] = "Debug",
        });
        var logs = new LogCapture();
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await host.CreateApplicationAsync("lab", "attacks");
        await host.PublishAsync("lab", "attacks", "post", "xml-path", """
            processor: xml_path
            id: select
            data: {processor: var_body, id: body}
            expression: {processor: var_get, id: expr, key: expr}
            """);
        using var leaving = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, Base + "xml-path?expr=" + Uri.EscapeDataString(NestedCounts))
        {
            Content = new StringContent(WideXml(2000), Encoding.UTF8, "application/xml"),
        };
        var sent = host.Client.SendAsync(request, leaving.Token);
        // Matched on the structured values: how a message quotes them depends on the logging provider.
        var started = await Eventually.UntilValue(() => logs.Lines.Any(l => l.Contains("MachineName=xml_path NodeId=select")), found => found);
        Assert.That(started, Is.True, "the evaluation started");
        leaving.Cancel();
        Assert.That(async () => await sent, Throws.InstanceOf<OperationCanceledException>());
        var stopped = await Eventually.UntilValue(
            () => logs.Lines.Any(l => l.Contains("the client went away") && l.Contains("Path=/" + Base + "xml-path NodeId=select")),
            found => found);
        Assert.That(stopped, Is.True, "the evaluation stopped at the xml_path node because the client left; the log said:\n"
            + string.Join("\n", logs.Lines.Where(l => !l.Contains("starts node"))));
        var ping = await host.GetAsync("api/examples/demo/greeting?name=Ada");
        Assert.That(ping.Status, Is.EqualTo(HttpStatusCode.OK), "the host keeps serving");
    }
}
