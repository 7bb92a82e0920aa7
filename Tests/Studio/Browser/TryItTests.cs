using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>Trying a resource from the editor: the answer, the trace on the cards, its tests, and two people editing at once.</summary>
public sealed class TryItTests : StudioBrowser
{
    [Test]
    public async Task A_try_shows_the_answer_and_draws_each_nodes_output_on_its_card()
    {
        await SignInAsync(path: $"studio/resources/{Resid("examples", "demo", "greeting")}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Try it" }).ClickAsync();
        var panel = Page.GetByRole(AriaRole.Complementary, new() { Name = "Try it" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Add query variable" }).ClickAsync();
        await panel.GetByLabel("Query name").FillAsync("name");
        await panel.GetByLabel("Query value").FillAsync("Ada");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(panel).ToContainTextAsync("Hello, Ada!");
        // Each node that ran shows its output and time on its card.
        await Expect(Page.Locator(".processor-card[data-node-id='greeting'] .card-trace")).ToContainTextAsync("Hello, Ada!");
        await Expect(Page.Locator(".processor-card[data-node-id='name'] .card-trace")).ToContainTextAsync("Ada");
        await Expect(Page.Locator(".processor-card[data-node-id='greeting'] .card-trace-time")).ToContainTextAsync("ms");
        await ScreenshotAsync("traced");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Run tests" }).ClickAsync();
        await Expect(panel).ToContainTextAsync("greets the name given");
    }

    [Test]
    public async Task The_failing_node_is_marked_with_its_message()
    {
        await CreateWorldAsync();
        var resid = Resid("acme", "shop", "hello");
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await Page.Locator(".monaco-editor").First.WaitForAsync();
        await Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)",
            Resource("acme", "shop", "Shop hello", "hello", "{processor: var_uri, id: missing_argument, index: 3}"));
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Canvas" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Try it" }).ClickAsync();
        var panel = Page.GetByRole(AriaRole.Complementary, new() { Name = "Try it" });
        // The draft runs as last saved: the panel offers to save it first.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var card = Page.Locator(".processor-card[data-node-id='missing_argument']");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-failed"));
        await Expect(card.Locator(".card-trace-error")).ToContainTextAsync("does not exist");
        // The draft was tried, never served.
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));
    }

    [Test]
    public async Task A_second_designer_saving_over_a_changed_draft_is_told_and_overwrites_nothing()
    {
        await CreateWorldAsync();
        var resid = Resid("acme", "shop", "hello");
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await Page.Locator(".monaco-editor").First.WaitForAsync();

        // Someone else saves a draft of the same resource meanwhile.
        var admin = Host.Services.GetRequiredService<ApiStudio.Engine.Admin.ResourceAdmin>();
        var tokens = Host.Services.GetRequiredService<ApiStudio.Engine.Security.TokenService>();
        var other = await tokens.SignInAsync("admin", TestHost.AdminPassword);
        await admin.SaveDraftAsync(other, resid, Resource("acme", "shop", "Shop hello", "hello", "Their words"),
            ApiStudio.Engine.Resources.DocumentFormat.Yaml, 1, default);

        await Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)", Resource("acme", "shop", "Shop hello", "hello", "My words"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).First.ClickAsync();
        await Expect(Page.GetByText("Not saved: Resource")).ToBeVisibleAsync();
        var draft = await admin.DraftAsync(other, resid, default);
        Assert.That(draft["document"] as string, Does.Contain("Their words"));
    }

    [Test]
    public async Task Publishing_a_breaking_change_asks_first()
    {
        await SignInAsync(path: $"studio/resources/{Resid("examples", "demo", "greeting")}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await Page.Locator(".monaco-editor").First.WaitForAsync();
        var text = await Page.EvaluateAsync<string>("() => monaco.editor.getModels()[0].getValue()");
        await Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)", text.Replace("uri: greeting", "uri: greeting2"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Publishing changes the API");
        await ScreenshotAsync("breaking");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.That((await Host.GetAsync("api/examples/demo/greeting")).Status, Is.EqualTo(System.Net.HttpStatusCode.OK));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish anyway" }).ClickAsync();
        await Expect(Page.GetByText("Published as version")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/examples/demo/greeting2")).Status, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    private long Resid(string account, string application, string uri) =>
        Host.Registry.Routes.FindByIdentity(account, application, "get", uri)!.Resid;
}
