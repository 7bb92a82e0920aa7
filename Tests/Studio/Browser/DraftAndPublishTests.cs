using ApiStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>Editing a resource's text, saving a draft that is not served, publishing it, and what blocks a publish.</summary>
public sealed class DraftAndPublishTests : StudioBrowser
{
    [Test]
    public async Task A_saved_draft_is_not_served_until_it_is_published()
    {
        await CreateWorldAsync();
        var resid = Host.Registry.Routes.FindByIdentity("acme", "shop", "get", "hello")!.Resid;
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await ReplaceTextAsync(Resource("acme", "shop", "Shop hello", "hello", "Hello from the new shop"));
        await Expect(Page.GetByText("Unsaved changes")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(Page.GetByText("Draft saved")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Published as version 2")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the new shop"));
        await ScreenshotAsync("published");
        // The list says who made the last change.
        await Page.GotoAsync("studio/acme/shop");
        await Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Shop hello" })).ToContainTextAsync("shop_dev");
    }

    [Test]
    public async Task An_invalid_resource_is_saved_as_a_draft_but_not_published()
    {
        await CreateWorldAsync();
        var resid = Host.Registry.Routes.FindByIdentity("acme", "shop", "get", "hello")!.Resid;
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await ReplaceTextAsync(Resource("acme", "shop", "Shop hello", "hello", "{processor: var_get, id: greet}"));
        var problems = Page.GetByRole(AriaRole.Region, new() { Name = "Problems" });
        await Expect(problems).ToContainTextAsync("greet");
        await Expect(problems).ToContainTextAsync("key");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(Page.GetByText("Draft saved")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("node 'greet', input 'key': Input 'key' is required")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));
        await ScreenshotAsync("refused");
    }

    [Test]
    public async Task Text_that_does_not_read_is_shown_with_its_line()
    {
        await SignInAsync(path: $"studio/resources/{Host.Registry.Routes.FindByIdentity("examples", "demo", "get", "greeting")!.Resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await ReplaceTextAsync("name: x\nprocess: [unclosed\n");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Problems" })).ToContainTextAsync("line ");
        await Expect(Page.Locator(".editor-code-error")).ToHaveCountAsync(1);
    }

    /// <summary>Replaces the code view's text as a paste would (typing into it would meet its auto-indentation).</summary>
    private async Task ReplaceTextAsync(string text)
    {
        await Page.Locator(".monaco-editor").First.WaitForAsync();
        await Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)", text);
    }

    [Test]
    public async Task A_resource_is_exported_as_a_file_and_a_file_is_imported_into_the_editor()
    {
        await CreateWorldAsync();
        var resid = Host.Registry.Routes.FindByIdentity("acme", "shop", "get", "hello")!.Resid;
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("shop-hello.yaml"));
        var exported = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.That(exported, Does.Contain("uri: hello").And.Contain("Hello from the shop"));

        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Resource("acme", "shop", "Shop hello", "hello", "Imported words"));
        try
        {
            await Page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(Page.GetByText("Imported words")).ToBeVisibleAsync();
            await Expect(Page.GetByText("Unsaved changes")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(file);
        }
        // Imported, not yet saved: the version served is unchanged.
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));
    }
}
