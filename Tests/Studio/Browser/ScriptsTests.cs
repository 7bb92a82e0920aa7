using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>
/// The Scripts page of an application: a developer writes a pre-process script in the Monaco editor, sees the
/// engine's syntax error with its line, saves it, watches it take effect on a real request, test-runs it over a sample
/// event with its logs, and deletes it; a Consumer is told their role does not reach scripts.
/// </summary>
public sealed class ScriptsTests : StudioBrowser
{
    private const string Broken = """
        console.log('visitor', event.request.parameters.name || 'nobody');
        if (event.request.parameters.block) {
          throw new ForbiddenException('blocked by the script';
        }
        """;

    private const string Guard = """
        console.log('visitor', event.request.parameters.name || 'nobody');
        if (event.request.parameters.block) {
          throw new ForbiddenException('blocked by the script');
        }
        """;

    private Task SetCodeAsync(string text) => Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)", text);

    [Test]
    public async Task A_developer_writes_a_pre_process_script_that_guards_a_resource_test_runs_it_and_deletes_it()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_dev", Password, "studio/acme/shop");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Scripts", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/studio/acme/shop/scripts$"));
        await Expect(Page.GetByText("No scripts yet: start one with New script.")).ToBeVisibleAsync();
        await ScreenshotAsync("empty");

        await Page.GetByRole(AriaRole.Link, new() { Name = "New script", Exact = true }).ClickAsync();
        await Page.Locator(".monaco-editor").First.WaitForAsync();
        var name = Page.GetByLabel("Event name", new() { Exact = true });
        await Expect(name).ToHaveValueAsync("shop.");

        // The editor speaks the engine's language; engines here are all switched on.
        await OpenSelectAsync("Engine");
        await Page.GetByRole(AriaRole.Option, new() { Name = "Python", Exact = true }).ClickAsync();
        await Page.WaitForFunctionAsync("() => monaco.editor.getModels()[0].getLanguageId() === 'python'");
        await OpenSelectAsync("Engine");
        await Page.GetByRole(AriaRole.Option, new() { Name = "JavaScript", Exact = true }).ClickAsync();
        await Page.WaitForFunctionAsync("() => monaco.editor.getModels()[0].getLanguageId() === 'javascript'");

        // The queue's settings belong to queued scripts only.
        await name.FillAsync("shop.orders.post.queued");
        await Expect(Page.GetByLabel("Tries", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Runs as a job after each call's response is sent", new() { Exact = false })).ToBeVisibleAsync();
        await ScreenshotAsync("queued");
        await name.FillAsync("shop.hello.get.pre_process");
        await Expect(Page.GetByLabel("Tries", new() { Exact = true })).ToHaveCountAsync(0);
        await SetCodeAsync(Broken);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var problems = Page.GetByRole(AriaRole.Alert, new() { Name = "Problems", Exact = true });
        await Expect(problems).ToContainTextAsync("'content' is not valid JavaScript");
        await Expect(problems).ToContainTextAsync("line 3");
        await Expect(Page.Locator("#script-code .editor-code-error")).ToHaveCountAsync(1);
        await ScreenshotAsync("syntax-error");

        await SetCodeAsync(Guard);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/studio/acme/shop/scripts/\d+$"));
        await Expect(Page.GetByLabel("Status")).ToHaveTextAsync("Version 1");
        await Expect(problems).ToHaveCountAsync(0);
        await Expect(Page.Locator("#script-code .editor-code-error")).ToHaveCountAsync(0);

        // The script guards the published resource on a real request.
        var blocked = await Host.Client.GetAsync("api/acme/shop/hello?block=1");
        Assert.That(blocked.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await blocked.Content.ReadAsStringAsync(), Does.Contain("blocked by the script"));
        var open = await Host.Client.GetAsync("api/acme/shop/hello");
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await open.Content.ReadAsStringAsync(), Does.Contain("Hello from the shop"));

        // A test run over a sample event: status, content, content type and the logged lines.
        var sample = Page.GetByLabel("Sample event (JSON)", new() { Exact = true });
        await Expect(sample).ToHaveValueAsync(new Regex("\"method\": \"GET\""));
        await sample.FillAsync("""{"request": {"method": "GET", "parameters": {"block": "1", "name": "ada"}}, "resource": {}}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await Expect(Page.GetByLabel("Run status")).ToHaveTextAsync("403");
        await Expect(Page.GetByLabel("Run content", new() { Exact = true })).ToContainTextAsync("\"message\": \"blocked by the script\"");
        await Expect(Page.GetByLabel("Run content type")).ToHaveTextAsync("application/json");
        await Expect(Page.GetByLabel("Run logs")).ToHaveTextAsync("visitor ada");
        await ScreenshotAsync("test-run");

        await sample.FillAsync("""{"request": {"parameters": {}}}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await Expect(Page.GetByLabel("Run status")).ToHaveTextAsync("200");
        await Expect(Page.GetByLabel("Run logs")).ToHaveTextAsync("visitor nobody");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Scripts", Exact = true }).ClickAsync();
        var row = Page.GetByLabel("Scripts", new() { Exact = true }).GetByRole(AriaRole.Row, new() { Name = "shop.hello.get.pre_process" });
        await Expect(row).ToContainTextAsync("JavaScript");
        await Expect(row).ToContainTextAsync("Pre-process");
        await Expect(row).ToContainTextAsync("Active");
        await ScreenshotAsync("list");
        await Page.GetByLabel("Search by event name").FillAsync("orders");
        await Expect(Page.GetByText("No script matches the search.")).ToBeVisibleAsync();
        await Page.GetByLabel("Search by event name").FillAsync("hello");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Page.Locator(".monaco-editor").First.WaitForAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/studio/acme/shop/scripts$"));
        await Expect(Page.GetByText("No scripts yet: start one with New script.")).ToBeVisibleAsync();
        Assert.That((await Host.Client.GetAsync("api/acme/shop/hello?block=1")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_consumer_is_told_their_role_does_not_reach_the_scripts()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_consumer", Password, "studio/acme/shop/scripts");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not let you see or change its scripts");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "New script", Exact = true })).ToHaveCountAsync(0);
        await Page.GotoAsync("studio/acme/shop/scripts/new");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not let you see or change its scripts");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await ScreenshotAsync("refused");
    }
}
