using ApiStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>The history tab: a diff of two versions, and reverting to an earlier one.</summary>
public sealed class VersionHistoryTests : StudioBrowser
{
    [Test]
    public async Task Two_versions_are_compared_side_by_side_and_the_older_one_is_published_again_by_revert()
    {
        await CreateWorldAsync();
        var resid = Host.Registry.Routes.FindByIdentity("acme", "shop", "get", "hello")!.Resid;
        await Host.Registry.SaveAsync(Resource("acme", "shop", "Shop hello", "hello", "Second words"), ApiStudio.Engine.Resources.DocumentFormat.Yaml,
            "hello.yaml", resid);
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();

        var history = Page.GetByRole(AriaRole.Region, new() { Name = "Version history" });
        await OpenSelectAsync("Compare", history);
        await Page.GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Version 1 ") }).ClickAsync();
        var differences = history.GetByRole(AriaRole.Table, new() { Name = "Differences" });
        await Expect(differences.Locator(".diff-changed").First).ToContainTextAsync("Hello from the shop");
        await Expect(differences.Locator(".diff-changed").Last).ToContainTextAsync("Second words");
        await ScreenshotAsync("diff");

        await history.GetByRole(AriaRole.Button, new() { Name = "Revert" }).ClickAsync();
        await Expect(Page.GetByText("Version 1 is published again as version 3")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));
    }
}
