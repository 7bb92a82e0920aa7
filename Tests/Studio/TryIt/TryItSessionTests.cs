using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor;
using ApiStudio.Studio.TryIt;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Studio.TryIt;

/// <summary>
/// Trying a resource on a real host: the form sent to the draft or the published version, and a try saved as a test
/// whose example, run again by the engine, passes.
/// </summary>
public sealed class TryItSessionTests
{
    private const string Todo = """
        processor: concatenate
        id: line
        items:
          - 'item '
          - {processor: var_uri, id: key, key: key}
          - ' in '
          - {processor: var_get, id: lang, key: lang}
          - ' for '
          - {processor: var_header, id: who, key: X-Who}
        """;

    private TestHost _host = null!;
    private Caller _admin = null!;

    private TryItSession Tries => new(_host.Services.GetRequiredService<LocalRequests>(), _host.Registry);

    private ResourceAdmin Resources => _host.Services.GetRequiredService<ResourceAdmin>();

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var token = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        _admin = (await _host.Services.GetRequiredService<TokenService>().ValidateAsync(token)).Caller!;
        await _host.CreateApplicationAsync("examples", "raw", new ApplicationSettings { Wrap = false });
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<EditorSession> OpenAsync(long resid)
    {
        var editor = new EditorSession(Resources, _host.Registry);
        await editor.LoadAsync(_admin, resid);
        return editor;
    }

    private static TryItForm FormFor(EditorSession editor, LocalTarget? target = null)
    {
        var form = new TryItForm { Target = target ?? TryItSession.DefaultTarget(editor) };
        var (uri, method) = TryItSession.ResourceOf(editor, form.Target);
        form.UseResource(uri, method);
        return form;
    }

    private Task<TryItAnswer> SendAsync(EditorSession editor, TryItForm form) =>
        Tries.SendAsync(_admin, editor.Resid, editor.Account, editor.Application, form);

    /// <summary>Saves the try as a test into the text, saves the draft, and runs the draft's tests.</summary>
    private async Task<IReadOnlyList<ExampleResult>> SaveAsTestAndRunAsync(EditorSession editor, string name, TryItAnswer answer)
    {
        var text = TryItSession.AddExample(editor.Text, editor.Format, TryItSession.ToExample(name, answer));
        editor.SetText(text);
        Assert.That(editor.LoadError, Is.Null);
        Assert.That(editor.Errors, Is.Empty);
        var errors = new List<string>();
        var examples = ResourceExample.Parse(editor.Document!.Tests, errors);
        Assert.That(errors, Is.Empty);
        Assert.That(examples[^1].Name, Is.EqualTo(name));
        await editor.SaveDraftAsync(_admin);
        return await Tries.RunTestsAsync(_admin, editor.Resid, LocalTarget.Draft);
    }

    [Test]
    public async Task A_try_with_uri_arguments_query_and_headers_saved_as_a_test_passes_when_run_again()
    {
        var resid = (await _host.PublishAsync("examples", "demo", "get", "tryit/todo/{key}", Todo)).Resid;
        var editor = await OpenAsync(resid);
        var form = FormFor(editor);
        Assert.That((form.Target, form.Uri, form.Method), Is.EqualTo((LocalTarget.Published, "tryit/todo/{key}", "get")));
        form.Arguments.Single().Value = "4 2";
        form.Query.Add(new NameValue { Name = "lang", Value = "en" });
        form.Headers.Add(new NameValue { Name = "X-Who", Value = "Ada" });

        var answer = await SendAsync(editor, form);
        Assert.That((answer.Response.Status, answer.Path), Is.EqualTo((200, "tryit/todo/4%202?lang=en")));
        Assert.That(answer.TryGetData(out var data) ? data : null, Is.EqualTo("item 4 2 in en for Ada"));
        Assert.That(answer.Response.Trace!.Select(e => e["id"]), Is.EquivalentTo(new[] { "line", "key", "lang", "who" }));
        Assert.That(answer.ShownBody, Does.Contain("\"data\": \"item 4 2 in en for Ada\"").And.Not.Contain("\"trace\""));
        Assert.That(TryItSession.NameOf(answer), Is.EqualTo("GET tryit/todo/4%202?lang=en answers 200"));

        var results = await SaveAsTestAndRunAsync(editor, "finds item 4 2", answer);
        Assert.That(results.Select(r => (r.Name, r.Passed)), Is.EqualTo(new[] { ("finds item 4 2", true) }), string.Join(" ", results.SelectMany(r => r.Failures)));

        // A second try is appended after the first, and a changed answer fails with what was expected and what came.
        form.Arguments.Single().Value = "7";
        var second = await SendAsync(editor, form);
        var both = await SaveAsTestAndRunAsync(editor, "finds item 7", second);
        Assert.That(both.Select(r => (r.Name, r.Passed)), Is.EqualTo(new[] { ("finds item 4 2", true), ("finds item 7", true) }));
        editor.SetText(editor.Text.Replace("'item '", "'thing '", StringComparison.Ordinal));
        await editor.SaveDraftAsync(_admin);
        var failed = await Tries.RunTestsAsync(_admin, resid, LocalTarget.Draft);
        var (expected, got) = TryItSession.Compare(failed[0].Failures.Single());
        Assert.That((expected, got), Is.EqualTo(("expected data \"item 4 2 in en for Ada\"", (string?)"got \"thing 4 2 in en for Ada\"")));
        Assert.That((await Tries.RunTestsAsync(_admin, resid, LocalTarget.Published)).Count, Is.Zero);
    }

    [TestCase(BodyKind.Json, """{"title": "Milk", "tags": ["a", 2]}""")]
    [TestCase(BodyKind.Json, "\"only a string\"")]
    [TestCase(BodyKind.Text, "plain words")]
    [TestCase(BodyKind.Form, "a=1&b=two")]
    public async Task A_posted_body_saved_as_a_test_passes_when_run_again(BodyKind kind, string body)
    {
        var uri = $"tryit/echo-{kind}-{body.Length}".ToLowerInvariant();
        var resid = (await _host.PublishAsync("examples", "demo", "post", uri, "processor: var_body\nid: body")).Resid;
        var editor = await OpenAsync(resid);
        var form = FormFor(editor);
        form.BodyKind = kind;
        form.Body = body;
        var answer = await SendAsync(editor, form);
        Assert.That(answer.Response.Status, Is.EqualTo(200), answer.Response.Text);
        var results = await SaveAsTestAndRunAsync(editor, "echoes", answer);
        Assert.That(results.Single().Failures, Is.Empty);
    }

    [Test]
    public async Task The_data_of_an_unwrapped_application_is_its_whole_body_and_a_json_resource_stays_json()
    {
        var document = """
            {
              "name": "Raw echo",
              "description": "Echoes the body.",
              "account": "examples",
              "application": "raw",
              "uri": "tryit/raw",
              "method": "post",
              "ttl": 0,
              "process": {"processor": "var_body", "id": "body"}
            }
            """;
        var resid = (await _host.Registry.SaveAsync(document, DocumentFormat.Json, "raw.json")).Resid;
        var editor = await OpenAsync(resid);
        Assert.That(editor.Format, Is.EqualTo(DocumentFormat.Json));
        var form = FormFor(editor);
        form.Body = """{"n": 1}""";
        var answer = await SendAsync(editor, form);
        Assert.That((answer.Wrap, answer.TryGetData(out var data), PlainJson.Serialize(data)), Is.EqualTo((false, true, """{"n":1}""")));
        var results = await SaveAsTestAndRunAsync(editor, "echoes raw", answer);
        Assert.That(results.Single().Failures, Is.Empty);
        Assert.That(editor.Text.TrimStart(), Does.StartWith("{"));
        var keys = ((Map)PlainJson.Parse(editor.Text)!).Keys;
        Assert.That(keys, Is.EqualTo(new[] { "name", "description", "account", "application", "uri", "method", "ttl", "process", "tests" }));
    }

    [Test]
    public async Task The_draft_is_tried_by_default_while_there_is_one_and_an_invalid_draft_answers_with_its_errors()
    {
        var resid = (await _host.PublishAsync("examples", "demo", "get", "tryit/drafted", "published")).Resid;
        var editor = await OpenAsync(resid);
        Assert.That(TryItSession.DefaultTarget(editor), Is.EqualTo(LocalTarget.Published));
        editor.SetText(editor.Text.Replace("uri: tryit/drafted", "uri: tryit/drafted/{id}", StringComparison.Ordinal).Replace("ttl: 0", "ttl: -1", StringComparison.Ordinal));
        Assert.That(TryItSession.DefaultTarget(editor), Is.EqualTo(LocalTarget.Draft));
        Assert.That(TryItSession.ResourceOf(editor, LocalTarget.Draft), Is.EqualTo(((string?)"tryit/drafted/{id}", (string?)"get")));
        Assert.That(TryItSession.ResourceOf(editor, LocalTarget.Published), Is.EqualTo(((string?)"tryit/drafted", (string?)"get")));
        await editor.SaveDraftAsync(_admin);

        var form = FormFor(editor);
        form.Arguments.Single().Value = "1";
        var answer = await SendAsync(editor, form);
        Assert.That(answer.Response.Status, Is.EqualTo(400));
        Assert.That(answer.Response.Errors, Has.Some.Contains("ttl"));
        Assert.That(answer.Response.Trace, Is.Null);
        var refused = Assert.ThrowsAsync<ApiException>(() => Tries.RunTestsAsync(_admin, resid, LocalTarget.Draft))!;
        Assert.That(refused.HttpStatus, Is.EqualTo(400));
        Assert.That(refused.Message, Does.Contain("ttl"));
    }

    [Test]
    public void Text_that_does_not_read_or_whose_header_would_lose_a_key_gets_no_test()
    {
        var example = new Map { ["name"] = "x" };
        var unreadable = Assert.Throws<ApiException>(() => TryItSession.AddExample("name: [unclosed", DocumentFormat.Yaml, example))!;
        Assert.That(unreadable.Message, Does.StartWith("The text does not read"));
        var unknown = Assert.Throws<ApiException>(() => TryItSession.AddExample("name: x\nsurprise: 1\n", DocumentFormat.Yaml, example))!;
        Assert.That(unknown.Message, Does.Contain("surprise"));
        var notAList = Assert.Throws<ApiException>(() => TryItSession.AddExample("name: x\ntests: {a: 1}\n", DocumentFormat.Yaml, example))!;
        Assert.That(notAList.Message, Does.Contain("'tests' must be a list"));
    }
}
