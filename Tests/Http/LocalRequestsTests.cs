using System.Net;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// In-process requests on a real host: the published resources or a resource's draft, through the whole pipeline
/// without a socket, as the signed-in user; drafts reachable only this way and only by developers of the application.
/// </summary>
public class LocalRequestsTests
{
    private TestHost _host = null!;
    private Caller _developer = null!, _otherDeveloper = null!, _consumer = null!, _stranger = null!;
    private string _developerToken = null!, _otherToken = null!;

    private LocalRequests Local => _host.Services.GetRequiredService<LocalRequests>();

    private ResourceAdmin Resources => _host.Services.GetRequiredService<ResourceAdmin>();

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var (accid, appid) = Application(_host, "examples", "demo");
        await _host.CreateApplicationAsync("faraway", "lab");
        var (otherAccid, otherAppid) = Application(_host, "faraway", "lab");
        await CreateUserAsync(_host, "try_dev", (Roles.Developer, accid, appid));
        await CreateUserAsync(_host, "try_dev_two", (Roles.Developer, accid, appid));
        await CreateUserAsync(_host, "try_consumer", (Roles.Consumer, accid, appid));
        await CreateUserAsync(_host, "try_stranger", (Roles.Developer, otherAccid, otherAppid));
        (_developer, _developerToken) = await SignIn("try_dev");
        (_otherDeveloper, _otherToken) = await SignIn("try_dev_two");
        (_consumer, _) = await SignIn("try_consumer");
        (_stranger, _) = await SignIn("try_stranger");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    /// <summary>Signs in over HTTP and verifies the token as the studio does: the caller it stands for.</summary>
    private async Task<(Caller Caller, string Token)> SignIn(string username)
    {
        var token = (string)(await LoginAsync(_host, username))["token"]!;
        var check = await _host.Services.GetRequiredService<TokenService>().ValidateAsync(token);
        return (check.Caller!, token);
    }

    private async Task<long> Publish(string uri, string process, long ttl = 0, string extra = "") =>
        (await _host.PublishAsync("examples", "demo", "get", uri, process, ttl, extra)).Resid;

    private Task SaveDraft(long resid, long revision, string document) =>
        Resources.SaveDraftAsync(_developer, resid, document, DocumentFormat.Yaml, revision, CancellationToken.None);

    private static string Document(string uri, string process, long ttl = 0, string extra = "") =>
        HostCalls.Document("examples", "demo", "get", uri, process, ttl, extra);

    private Task<LocalResponse> Try(long resid, LocalTarget target, string path, Caller? caller = null, bool trace = false,
        params (string Name, string Value)[] headers) =>
        Local.SendAsync(caller ?? _developer, resid, target, new LocalRequest
        {
            Path = path,
            Trace = trace,
            Headers = headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToList(),
        });

    private static int Refused(Func<Task> call)
    {
        var error = Assert.ThrowsAsync<ApiException>(async () => await call())!;
        return error.HttpStatus;
    }

    [Test]
    public async Task The_published_resource_answers_through_the_real_pipeline_with_status_headers_body_and_duration()
    {
        var resid = await Publish("lr/hello", "processor: concatenate\nid: greeting\nitems:\n  - 'Hello, '\n  - {processor: var_get, id: name, key: name}");
        var answer = await Try(resid, LocalTarget.Published, "lr/hello?name=Ada%20L");
        Assert.That((answer.Status, answer.Text), Is.EqualTo((200, """{"result":"ok","data":"Hello, Ada L"}""")));
        Assert.That(answer.Headers["content-type"], Does.StartWith("application/json"));
        Assert.That((answer.Truncated, answer.Trace, answer.Errors), Is.EqualTo((false, (object?)null, Array.Empty<string>())));
        Assert.That(answer.Duration, Is.GreaterThan(TimeSpan.Zero));
        var missing = await Try(resid, LocalTarget.Published, "lr/nothing-here");
        Assert.That(missing.Status, Is.EqualTo(404));
    }

    [Test]
    public async Task A_draft_is_evaluated_in_place_of_the_published_version_for_that_request_only_and_never_cached()
    {
        var resid = await Publish("lr/cached", "published", ttl: 60);
        await SaveDraft(resid, 1, Document("lr/cached", "drafted", ttl: 60));
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/cached")).Text, Is.EqualTo("""{"result":"ok","data":"drafted"}"""));
        Assert.That((await _host.GetAsync("api/examples/demo/lr/cached")).Body, Is.EqualTo("""{"result":"ok","data":"published"}"""));
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/cached")).Text, Is.EqualTo("""{"result":"ok","data":"drafted"}"""));
        Assert.That((await Try(resid, LocalTarget.Published, "lr/cached")).Text, Is.EqualTo("""{"result":"ok","data":"published"}"""));
    }

    [Test]
    public async Task A_draft_is_matched_at_its_own_uri_so_a_new_uri_or_a_never_published_resource_can_be_tried()
    {
        var resid = await Publish("lr/old-uri", "old");
        await SaveDraft(resid, 1, Document("lr/new-uri/{id}", "processor: var_uri\nid: id\nkey: id"));
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/new-uri/42")).Text, Is.EqualTo("""{"result":"ok","data":"42"}"""));
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/old-uri")).Status, Is.EqualTo(404));
        Assert.That((await Try(resid, LocalTarget.Published, "lr/new-uri/42")).Status, Is.EqualTo(404));

        var created = await Resources.CreateDraftAsync(_developer, Document("lr/unborn", "not yet published"), null, null, null,
            CancellationToken.None);
        var unborn = (long)created["resid"]!;
        Assert.That((await Try(unborn, LocalTarget.Draft, "lr/unborn")).Text, Is.EqualTo("""{"result":"ok","data":"not yet published"}"""));
        Assert.That((await Try(unborn, LocalTarget.Published, "lr/unborn")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task An_invalid_or_unreadable_draft_answers_with_its_errors_instead_of_running()
    {
        var resid = await Publish("lr/broken", "fine");
        await SaveDraft(resid, 1, Document("lr/broken", "processor: no_such_processor\nid: nope").Replace("ttl: 0", "ttl: -1"));
        var invalid = await Try(resid, LocalTarget.Draft, "lr/broken");
        Assert.That(invalid.Status, Is.EqualTo(400));
        Assert.That(invalid.Errors, Has.Some.Contains("no_such_processor").And.Some.Contains("ttl"));
        var details = (List<object?>)((Map)((Map)PlainJson.Parse(invalid.Text)!)["data"]!)["details"]!;
        Assert.That(details, Is.EqualTo(invalid.Errors));

        await SaveDraft(resid, 2, "name: [unclosed");
        var unreadable = await Try(resid, LocalTarget.Draft, "lr/broken");
        Assert.That(unreadable.Status, Is.EqualTo(400));
        Assert.That(unreadable.Errors.Single(), Does.Contain("cannot be read"));
        Assert.That((await Try(resid, LocalTarget.Published, "lr/broken")).Text, Is.EqualTo("""{"result":"ok","data":"fine"}"""));
    }

    [Test]
    public async Task The_draft_cannot_be_reached_from_outside_by_any_header_or_query()
    {
        var resid = await Publish("lr/guarded", "published");
        await SaveDraft(resid, 1, Document("lr/guarded", "drafted"));
        var draftOnly = (long)(await Resources.CreateDraftAsync(_developer, Document("lr/hidden-draft", "drafted"), null, null, null,
            CancellationToken.None))["resid"]!;
        Assert.That((await Try(draftOnly, LocalTarget.Draft, "lr/hidden-draft")).Status, Is.EqualTo(200));
        (string, string)[][] attempts =
        [
            [("X-ApiStudio-Draft", "1")], [("X-ApiStudio-Draft", "true")], [("X-ApiStudio-Target", "draft")], [("X-ApiStudio-Local", "1")],
            [("X-Draft", resid.ToString(System.Globalization.CultureInfo.InvariantCulture))], [("LocalRequestFeature", "draft")],
            [("X-ApiStudio-Revision", "2")],
        ];
        foreach (var query in new[] { "", "?draft=1", "?draft=true", "?target=draft", "?revision=2", $"?draft={resid}" })
        {
            foreach (var headers in attempts.Append([]))
            {
                var all = headers.Append(("Authorization", $"Bearer {_developerToken}")).ToArray();
                Assert.That((await _host.GetAsync($"api/examples/demo/lr/guarded{query}", all)).Body,
                    Is.EqualTo("""{"result":"ok","data":"published"}"""), $"{query} {string.Join(", ", headers)}");
                Assert.That((await _host.GetAsync($"api/examples/demo/lr/hidden-draft{query}", all)).Status,
                    Is.EqualTo(HttpStatusCode.NotFound), $"{query} {string.Join(", ", headers)}");
            }
        }
    }

    [Test]
    public async Task Only_a_developer_or_above_on_the_application_may_try_a_resource_or_its_draft()
    {
        var resid = await Publish("lr/members", "members only");
        await SaveDraft(resid, 1, Document("lr/members", "drafted"));
        foreach (var target in new[] { LocalTarget.Draft, LocalTarget.Published })
        {
            Assert.That(Refused(() => Try(resid, target, "lr/members", _consumer)), Is.EqualTo(403));
            Assert.That(Refused(() => Try(resid, target, "lr/members", _stranger)), Is.EqualTo(404));
            Assert.That(Refused(() => Local.SendAsync(null, resid, target, new LocalRequest { Path = "lr/members" })), Is.EqualTo(401));
            Assert.That(Refused(() => Local.RunExamplesAsync(_consumer, resid, target)), Is.EqualTo(403));
            using var client = new HttpClient(Local.CreateHandler(_stranger, resid, target)) { BaseAddress = new Uri("http://studio/") };
            Assert.ThrowsAsync<ApiException>(() => client.GetAsync("api/examples/demo/lr/members"));
        }
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/members")).Status, Is.EqualTo(200));

        // A draft moved to an application its developer does not develop cannot run there.
        var moved = await Publish("lr/moving", "here");
        await SaveDraft(moved, 1, Document("lr/moving", "there").Replace("account: examples", "account: faraway").Replace("application: demo", "application: lab"));
        var elsewhere = await Try(moved, LocalTarget.Draft, "lr/moving");
        Assert.That(elsewhere.Status, Is.EqualTo(400));
        Assert.That(elsewhere.Errors.Single(), Does.Contain("'faraway/lab' does not exist"));
    }

    [Test]
    public async Task A_try_is_sent_as_the_signed_in_user_whom_the_resource_security_sees_unless_the_request_names_another()
    {
        const string security = """
            security:
              processor: validate_token_roles
              id: developers
              roles: [Developer]
            """;
        var resid = await Publish("lr/whoami", "processor: user_read\nid: me", extra: security);
        var answer = await Try(resid, LocalTarget.Published, "lr/whoami");
        Assert.That(answer.Status, Is.EqualTo(200), answer.Text);
        Assert.That(Users(answer), Is.EqualTo(new[] { "try_dev" }));
        var asOther = await Try(resid, LocalTarget.Published, "lr/whoami", headers: ("Authorization", $"Bearer {_otherToken}"));
        Assert.That(Users(asOther), Is.EqualTo(new[] { "try_dev_two" }));
        var anonymous = await Local.SendAsync(_developer, resid, LocalTarget.Published, new LocalRequest { Path = "lr/whoami", AsCaller = false });
        Assert.That(anonymous.Status, Is.EqualTo(401));

        await SaveDraft(resid, 1, Document("lr/whoami", "processor: user_read\nid: me", extra: security.Replace("[Developer]", "[Application manager]")));
        Assert.That((await Try(resid, LocalTarget.Draft, "lr/whoami")).Status, Is.EqualTo(403));
        Assert.That((await Try(resid, LocalTarget.Published, "lr/whoami")).Status, Is.EqualTo(200));
    }

    private static List<object?> Users(LocalResponse answer) =>
        ((List<object?>)((Map)PlainJson.Parse(answer.Text)!)["data"]!).Select(u => ((Map)u!)["username"]).ToList();

    [Test]
    public async Task A_trace_asked_for_comes_back_as_its_entries()
    {
        var resid = await Publish("lr/traced", "processor: concatenate\nid: joined\nitems:\n  - a\n  - {processor: var_get, id: part, key: part}");
        await SaveDraft(resid, 1, Document("lr/traced", "processor: concatenate\nid: joined_in_draft\nitems:\n  - b\n  - {processor: var_get, id: part, key: part}"));
        var published = await Try(resid, LocalTarget.Published, "lr/traced?part=x", trace: true);
        Assert.That(published.Trace!.Select(e => e["id"]), Is.EquivalentTo(new[] { "joined", "part" }));
        var draft = await Try(resid, LocalTarget.Draft, "lr/traced?part=y", trace: true);
        Assert.That(draft.Trace!.Select(e => e["id"]), Is.EquivalentTo(new[] { "joined_in_draft", "part" }));
        Assert.That(draft.Trace!.Single(e => (string)e["id"]! == "joined_in_draft")["output"], Is.EqualTo("by"));
        Assert.That(((Map)PlainJson.Parse(draft.Text)!).ContainsKey("trace"), Is.True);
        Assert.That((await Try(resid, LocalTarget.Published, "lr/traced?part=x")).Trace, Is.Null);
    }

    [Test]
    public async Task An_http_client_over_the_handler_runs_a_resource_examples_against_the_draft_or_the_published_version()
    {
        const string tests = """
            tests:
              - name: says hello
                request: {query: {name: Ada}}
                expect: {data: "Hello, Ada"}
            """;
        const string process = "processor: concatenate\nid: greeting\nitems:\n  - 'Hello, '\n  - {processor: var_get, id: name, key: name}";
        var resid = await Publish("lr/examples", process, extra: tests);
        await SaveDraft(resid, 1, Document("lr/examples", process.Replace("Hello, ", "Bye, "), extra: tests));

        var published = await Local.RunExamplesAsync(_developer, resid, LocalTarget.Published);
        Assert.That(published.Select(r => (r.Name, r.Passed)), Is.EqualTo(new[] { ("says hello", true) }));
        var draft = await Local.RunExamplesAsync(_developer, resid, LocalTarget.Draft);
        Assert.That(draft.Single().Passed, Is.False);
        Assert.That(draft.Single().Failures.Single(), Does.Contain("Bye, Ada"));

        var plan = await Resources.PlanDraftAsync(_developer, resid, CancellationToken.None);
        using var client = new HttpClient(Local.CreateHandler(_developer, resid, LocalTarget.Draft)) { BaseAddress = new Uri("http://studio/") };
        var example = ResourceExample.Parse(plan.Prepared!.Resource.Document.Tests, new List<string>()).Single();
        var failures = await ExampleRunner.RunAsync(client, "api", plan.Prepared.Resource, wrap: true,
            example with { Expect = example.Expect with { Data = "Bye, Ada" } });
        Assert.That(failures, Is.Empty);
        var outside = await client.GetAsync("api/apistudio/core/resource");
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        await SaveDraft(resid, 2, Document("lr/examples", process, extra: tests).Replace("ttl: 0", "ttl: -1"));
        var error = Assert.ThrowsAsync<ApiException>(() => Local.RunExamplesAsync(_developer, resid, LocalTarget.Draft))!;
        Assert.That(error.HttpStatus, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("ttl"));
    }

    [Test]
    public async Task A_request_body_over_the_limit_is_refused_by_the_pipeline()
    {
        var resid = await _host.PublishAsync("examples", "demo", "post", "lr/echo", "processor: var_body\nid: body");
        using var client = new HttpClient(Local.CreateHandler(_developer, resid.Resid, LocalTarget.Published)) { BaseAddress = new Uri("http://studio/") };
        var small = await client.PostAsync("api/examples/demo/lr/echo", new StringContent("small", Encoding.UTF8, "text/plain"));
        Assert.That(await small.Content.ReadAsStringAsync(), Is.EqualTo("""{"result":"ok","data":"small"}"""));
        var large = await client.PostAsync("api/examples/demo/lr/echo", new ByteArrayContent(new byte[10 * 1024 * 1024 + 10]));
        Assert.That(large.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task A_response_body_over_ten_mebibytes_is_cut_and_said_so()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:MaxBodyBytes"] = "16777216" });
        var resid = (await host.PublishAsync("examples", "demo", "post", "lr/echo", "processor: var_body\nid: body")).Resid;
        var admin = (await host.Services.GetRequiredService<TokenService>().ValidateAsync(
            (string)(await LoginAsync(host, "admin", TestHost.AdminPassword))["token"]!)).Caller!;
        var body = Encoding.UTF8.GetBytes(new string('x', LocalRequests.MaxResponseBytes + 1000));
        var answer = await host.Services.GetRequiredService<LocalRequests>().SendAsync(admin, resid, LocalTarget.Published, new LocalRequest
        {
            Method = "POST",
            Path = "lr/echo",
            Body = body,
            ContentType = "text/plain",
            Headers = [KeyValuePair.Create("Accept", "text/plain")],
        });
        Assert.That((answer.Status, answer.Truncated, answer.Body.Length), Is.EqualTo((200, true, LocalRequests.MaxResponseBytes)));
    }
}
