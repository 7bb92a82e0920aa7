using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>Signing in and out, and what each role finds in the studio's lists.</summary>
public sealed class SignInAndNavigationTests : StudioBrowser
{
    [Test]
    public async Task Studio_pages_lead_to_sign_in_and_back_after_signing_in()
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fstudio$"));
        await ScreenshotAsync("signin");
        await SignInAsync(path: "studio/examples/demo");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/studio/examples/demo$"));
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Greeting" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_wrong_password_is_refused_and_says_so()
    {
        await Page.GotoAsync("signin");
        await Page.GetByLabel("User name").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync("not-the-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByText("Wrong user name or password")).ToBeVisibleAsync();
        await Page.GotoAsync("studio");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Test]
    public async Task Sign_out_ends_the_session()
    {
        await SignInAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await Page.GotoAsync("studio/examples/demo");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Test]
    public async Task After_signing_in_the_studio_goes_only_to_a_local_page()
    {
        await Page.GotoAsync("signin?returnUrl=https://evil.example/");
        await Page.GetByLabel("User name").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(Support.TestHost.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("127\\.0\\.0\\.1:\\d+/studio$"));
    }

    [Test]
    public async Task A_developer_sees_the_applications_and_resources_of_their_account_only()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_dev", Password);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByText("globex")).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Shop hello" })).ToBeVisibleAsync();
        await ScreenshotAsync("shop");
        // Another account's application, asked for by its address, reads as missing and lists nothing.
        await Page.GotoAsync("studio/globex/portal");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no application globex/portal open to you");
        await Expect(Page.GetByText("Portal secret")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_consumer_is_told_there_is_nothing_to_edit()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_consumer", Password, "studio/acme/shop");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not let you edit its resources");
        await Expect(Page.GetByText("Shop hello")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "New resource" })).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_session_is_valid_on_every_host_of_the_database()
    {
        await SignInAsync();
        var keys = await Host.Services.GetRequiredService<ApiStudio.Engine.Storage.Database>()
            .ReadAsync(db => ApiStudio.Engine.Storage.Mappers.SettingMapper.ValuesWithPrefixAsync(db, ApiStudio.Studio.SignIn.DatabaseKeyRepository.Prefix));
        Assert.That(keys, Has.Count.GreaterThanOrEqualTo(1).And.All.Contains("<key "), "the cookie's keys are kept in the system database");
        await using var other = await Support.TestHost.StartAsync(database: Host.Database);
        // Cookies are per host name, not per port: the browser sends the session to the second host, which reads it
        // with the keys the first one stored in the database.
        await Page.GotoAsync(new Uri(other.Address, "studio/examples/demo").ToString());
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Greeting" })).ToBeVisibleAsync();
    }
}
