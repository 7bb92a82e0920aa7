using System.Globalization;
using System.Security.Claims;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor;
using ApiStudio.Studio.Shell;
using ApiStudio.Studio.TryIt;
using ApiStudio.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Studio.TryIt;

/// <summary>The Try it panel rendered over a real host: a send shows the answer and raises the trace, a try becomes a test.</summary>
public sealed class TryItPanelTests
{
    private TestHost _host = null!;
    private Caller _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        var token = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        _admin = (await _host.Services.GetRequiredService<TokenService>().ValidateAsync(token)).Caller!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private BunitContext Context()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(_host.Services.GetRequiredService<LocalRequests>());
        context.Services.AddSingleton(_host.Registry);
        context.Services.AddSingleton(_host.Services.GetRequiredService<TokenService>());
        context.Services.AddScoped<StudioSession>();
        context.AddAuthorization().SetAuthorized("admin")
            .SetClaims(new Claim(StudioSession.UidClaim, _admin.Uid!.Value.ToString(CultureInfo.InvariantCulture)));
        context.Render<MudPopoverProvider>();
        return context;
    }

    [Test]
    public async Task Send_shows_the_answer_and_trace_and_Save_as_test_hands_the_page_a_text_whose_test_passes()
    {
        var resid = (await _host.PublishAsync("examples", "demo", "get", "tryit/panel/{key}",
            "processor: concatenate\nid: line\nitems:\n  - 'key '\n  - {processor: var_uri, id: key, key: key}")).Resid;
        var editor = new EditorSession(_host.Services.GetRequiredService<ResourceAdmin>(), _host.Registry);
        await editor.LoadAsync(_admin, resid);
        await using var context = Context();
        IReadOnlyList<Map>? traced = null;
        string? text = null;
        var panel = context.Render<TryItPanel>(p => p
            .Add(x => x.Editor, editor)
            .Add(x => x.Traced, trace => traced = trace)
            .Add(x => x.TextChanged, changed => text = changed));

        Assert.That(panel.Find(".tryit-url").TextContent, Is.EqualTo("/examples/demo/tryit/panel/"));
        panel.Find(".tryit-arguments input").Input("42");
        Assert.That(panel.Find(".tryit-url").TextContent, Is.EqualTo("/examples/demo/tryit/panel/42"));
        Button(panel, "Send").Click();
        panel.WaitForAssertion(() => Assert.That(panel.Find(".tryit-status-line .mud-chip").TextContent.Trim(), Is.EqualTo("200")),
            TimeSpan.FromSeconds(10));
        Assert.That(panel.Find(".tryit-body").TextContent, Does.Contain("\"data\": \"key 42\""));
        Assert.That(panel.FindAll(".tryit-trace tbody tr").Select(r => r.QuerySelector("code")!.TextContent), Is.EquivalentTo(new[] { "line", "key" }));
        Assert.That(traced!.Select(e => e["id"]), Is.EquivalentTo(new[] { "line", "key" }));

        Button(panel, "Save as test").Click();
        panel.WaitForAssertion(() => Assert.That(text, Does.Contain("tests:")), TimeSpan.FromSeconds(5));
        Assert.That(panel.Markup, Does.Contain("Save the draft to keep it"));
        editor.SetText(text!);
        await editor.SaveDraftAsync(_admin);
        panel.Render(p => p.Add(x => x.Editor, editor));
        Button(panel, "Run tests").Click();
        panel.WaitForAssertion(() => Assert.That(panel.Find(".tryit-tests").TextContent, Does.Contain("1 of 1 passed")), TimeSpan.FromSeconds(10));
        Assert.That(panel.FindAll(".tryit-test-passed"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Unsaved_changes_are_said_to_be_left_out_of_the_draft_and_a_refusal_is_shown()
    {
        var resid = (await _host.PublishAsync("examples", "demo", "get", "tryit/panel-unsaved", "published")).Resid;
        var editor = new EditorSession(_host.Services.GetRequiredService<ResourceAdmin>(), _host.Registry);
        await editor.LoadAsync(_admin, resid);
        editor.SetText(editor.Text.Replace("published", "changed", StringComparison.Ordinal));
        await using var context = Context();
        var saved = 0;
        var panel = context.Render<TryItPanel>(p => p
            .Add(x => x.Editor, editor)
            .Add(x => x.SaveDraft, () => saved++));
        Assert.That(panel.Markup, Does.Contain("There is no saved draft yet. Save the draft to try your changes."));
        Assert.That(Button(panel, "Send").HasAttribute("disabled"), Is.True);
        Button(panel, "Save draft").Click();
        Assert.That(saved, Is.EqualTo(1));

        await editor.SaveDraftAsync(_admin);
        editor.SetText(editor.Text.Replace("ttl: 0", "ttl: -1", StringComparison.Ordinal));
        await editor.SaveDraftAsync(_admin);
        editor.SetText(editor.Text + "\n");
        panel.Render(p => p.Add(x => x.Editor, editor));
        Assert.That(panel.Markup, Does.Contain("The draft runs as last saved"));
        Button(panel, "Run tests").Click();
        panel.WaitForAssertion(() => Assert.That(panel.Find("[role=alert]").TextContent, Does.Contain("ttl")), TimeSpan.FromSeconds(10));
        Button(panel, "Send").Click();
        panel.WaitForAssertion(() => Assert.That(panel.Find(".tryit-errors").TextContent, Does.Contain("ttl")), TimeSpan.FromSeconds(10));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<TryItPanel> panel, string text) =>
        panel.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
