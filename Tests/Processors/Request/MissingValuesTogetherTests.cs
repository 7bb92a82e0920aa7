using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

/// <summary>A request missing several required values hears of all of them in one answer, before anything runs.</summary>
public class MissingValuesTogetherTests
{
    private const string Four = """
        processor: concatenate
        id: all
        items:
          - {processor: var_get, id: first, key: first}
          - {processor: var_post, id: second, key: second}
          - {processor: var_header, id: third, key: X-Third}
          - {processor: var_uri, id: fourth, index: 0}
        """;

    // The detail is read only in the mode "full".
    private const string DetailWhenFull = """
        processor: if_then_else
        id: choose
        lhs: {processor: var_get, id: mode, key: mode}
        operator: "=="
        rhs: full
        then: {processor: var_get, id: detail, key: detail}
        else: short
        """;

    private static readonly string[] AllFour =
    [
        "GET variable (first) does not exist or is undefined.",
        "POST variable (second) does not exist or is undefined.",
        "Header (X-Third) does not exist or is undefined.",
        "URI variable (0) does not exist or is undefined.",
    ];

    [Test]
    public async Task Every_missing_value_is_listed_in_one_error_naming_the_first_node()
    {
        var error = await RunFails(Four);
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("first", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Details, Is.EqualTo(AllFour));
        Assert.That(error.Message, Is.EqualTo(string.Join(" ", AllFour)));
    }

    [Test]
    public async Task Only_the_values_missing_are_listed()
    {
        var request = new ApiRequest
        {
            Query = new Dictionary<string, object?> { ["first"] = "1" },
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-third"] = "3" },
        };
        var error = await RunFails(Four, request);
        Assert.That(error.Details, Is.EqualTo(new[] { AllFour[1], AllFour[3] }));
    }

    [Test]
    public async Task One_missing_value_keeps_the_single_error()
    {
        var request = new ApiRequest
        {
            Query = new Dictionary<string, object?> { ["first"] = "1" },
            Post = new Dictionary<string, object?> { ["second"] = "2" },
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Third"] = "3" },
        };
        var error = await RunFails(Four, request);
        Assert.That((error.ProcessorId, error.Message, error.Details), Is.EqualTo(("fourth", AllFour[3], (IReadOnlyList<string>?)null)));
    }

    [Test]
    public async Task Nullable_values_and_values_present_are_not_listed()
    {
        var value = await Run("""
            processor: concatenate
            id: all
            items:
              - {processor: var_get, id: a, key: a, nullable: true}
              - {processor: var_request, id: b, key: b}
            """, new ApiRequest { Post = new Dictionary<string, object?> { ["b"] = "posted" } });
        Assert.That(value.Data, Is.EqualTo("posted"));
    }

    [Test]
    public async Task Values_of_a_branch_not_taken_are_not_required()
    {
        var value = await Run(DetailWhenFull, Get(("mode", "brief")));
        Assert.That(value.Data, Is.EqualTo("short"));
    }

    [Test]
    public async Task Values_of_a_taken_branch_are_still_required_when_it_runs()
    {
        var error = await RunFails(DetailWhenFull, Get(("mode", "full")));
        Assert.That((error.ProcessorId, error.Message), Is.EqualTo(("detail", "GET variable (detail) does not exist or is undefined.")));
    }

    [Test]
    public void Values_read_in_a_fragment_the_tree_uses_are_listed()
    {
        var error = Assert.ThrowsAsync<ApiException>(async () => await RunDocument(Resource("""
            processor: concatenate
            id: all
            items:
              - {processor: var_get, id: here, key: here}
              - {processor: fragment, id: use, name: shared}
            """, "fragments:\n  shared: {processor: var_get, id: there, key: there}")));
        Assert.That(error!.Details, Is.EqualTo(new[]
        {
            "GET variable (here) does not exist or is undefined.", "GET variable (there) does not exist or is undefined.",
        }));
    }

    [Test]
    public async Task Nothing_runs_before_the_missing_values_are_reported()
    {
        var run = await TestCatalogue.Execute("""
            processor: concatenate
            id: all
            items:
              - {processor: test_record, id: before, value: x}
              - {processor: var_get, id: a, key: a}
              - {processor: var_get, id: b, key: b}
            """);
        Assert.That(run.Error!.Details, Has.Count.EqualTo(2));
        Assert.That(run.Recorder.Log, Is.Empty);
    }

    [Test]
    public async Task Over_http_the_envelopes_list_every_missing_value()
    {
        await using var host = await TestHost.StartAsync();
        await host.CreateApplicationAsync("missing", "raw", new ApplicationSettings { Wrap = false });
        foreach (var application in new[] { "demo", "raw" })
        {
            var account = application == "demo" ? "examples" : "missing";
            await host.PublishAsync(account, application, "post", "together", Four);
        }
        var wrapped = await host.SendAsync(HttpMethod.Post, "api/examples/demo/together");
        var raw = await host.SendAsync(HttpMethod.Post, "api/missing/raw/together");
        Assert.That((wrapped.Status, raw.Status), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(((Map)wrapped.Data!)["details"], Is.EqualTo(AllFour.ToList<object?>()));
        Assert.That(((Map)((Map)raw.Json["error"]!)["context"]!)["errors"], Is.EqualTo(AllFour.ToList<object?>()));
    }
}
