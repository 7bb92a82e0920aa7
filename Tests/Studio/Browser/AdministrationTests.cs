using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>The administration pages: accounts, applications, users and their roles, API keys, and the OpenAPI page.</summary>
public sealed class AdministrationTests : StudioBrowser
{
    [Test]
    public async Task An_administrator_creates_an_account_an_application_and_a_developer_who_then_sees_it()
    {
        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true }).ClickAsync();
        await Page.GetByLabel("Account name").FillAsync("initech");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Applications of initech" }).ClickAsync();

        await Page.GetByLabel("Application name").FillAsync("tps");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "tps", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync("applications");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Page.GetByLabel("User name").FillAsync("peter");
        await Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync("peter@initech.example");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "User peter" })).ToBeVisibleAsync();
        await OpenSelectAsync("Role to grant");
        await Page.GetByRole(AriaRole.Option, new() { Name = "Developer", Exact = true }).ClickAsync();
        await OpenSelectAsync("Granted on");
        await Page.GetByRole(AriaRole.Option, new() { Name = "Application initech/tps" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Grant role" }).ClickAsync();
        var roles = Page.GetByLabel("Roles of peter", new() { Exact = true });
        await Expect(roles).ToContainTextAsync("Developer");
        await Expect(roles).ToContainTextAsync("application initech/tps");
        // The new user's form starts from what the user has: saving it keeps them active with their e-mail.
        await Expect(Page.GetByLabel("E-mail of the user")).ToHaveValueAsync("peter@initech.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Expect(Page.GetByLabel("Users", new() { Exact = true }).GetByRole(AriaRole.Row, new() { Name = "peter" })).ToContainTextAsync("Yes");
        await ScreenshotAsync("users");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync("peter", Password);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "tps", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByText("examples")).ToHaveCountAsync(0);
        // A developer manages nothing: the app bar offers no administration.
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_developer_on_the_users_page_sees_only_what_the_service_shows_them()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_dev", Password, "studio/admin/users");
        var users = Page.GetByLabel("Users", new() { Exact = true });
        await Expect(users).ToContainTextAsync("shop_dev");
        await Expect(users.GetByText("shop_consumer")).ToHaveCountAsync(0);
        await Expect(users.GetByText("admin", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Create user" })).ToHaveCountAsync(0);
        await ScreenshotAsync("developer");

        // Their own Developer grant is theirs to see, not to revoke or hand out.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit shop_dev" }).ClickAsync();
        await Expect(Page.GetByLabel("Roles of shop_dev", new() { Exact = true })).ToContainTextAsync("Developer");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Grant role" })).ToHaveCountAsync(0);

        // Their own active flag is the service's to refuse, and the page says so.
        await Page.GetByLabel("Active").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not allow you to change your own active flag");
    }

    [Test]
    public async Task A_new_api_key_is_shown_once()
    {
        await CreateWorldAsync();
        await SignInAsync(path: "studio/admin/api-keys");
        await OpenSelectAsync("Application");
        await Page.GetByRole(AriaRole.Option, new() { Name = "acme/shop" }).ClickAsync();
        // The application's keys are loaded (the form is disabled meanwhile) before a person types.
        await Expect(Page.GetByText("No API key for this application yet.")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToBeEnabledAsync();
        await Page.GetByLabel("Key name").FillAsync("partner");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = Page.GetByLabel("New API key");
        await Expect(key).ToBeVisibleAsync();
        var secret = (await key.TextContentAsync())!.Trim();
        Assert.That(secret, Has.Length.GreaterThan(16));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Copy key" })).ToBeVisibleAsync();
        await ScreenshotAsync("created");

        await Page.ReloadAsync();
        await OpenSelectAsync("Application");
        await Page.GetByRole(AriaRole.Option, new() { Name = "acme/shop" }).ClickAsync();
        var keys = Page.GetByLabel("API keys", new() { Exact = true });
        await Expect(keys).ToContainTextAsync("partner");
        await Expect(Page.GetByText(secret)).ToHaveCountAsync(0);
        await Expect(Page.GetByLabel("New API key")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Deleting_the_account_holding_the_admin_application_shows_the_services_refusal()
    {
        await SignInAsync(path: "studio/admin/accounts");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete apistudio" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("holds the admin API: it cannot be renamed or deleted");
        await Expect(Page.GetByLabel("Accounts", new() { Exact = true })).ToContainTextAsync("apistudio");
        await ScreenshotAsync("refused");
    }

    [Test]
    public async Task The_openapi_page_lists_the_greeting_operation()
    {
        await SignInAsync(path: "studio/examples/demo");
        await Page.GetByRole(AriaRole.Link, new() { Name = "OpenAPI" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/studio/examples/demo/openapi$"));
        var greeting = Page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex(@"^GET \/greeting") });
        await Expect(greeting).ToBeVisibleAsync();
        await Expect(greeting).ToContainTextAsync("name");
        await Expect(greeting).ToContainTextAsync("query");
        await Expect(greeting.GetByLabel("Responses")).ToContainTextAsync("200");
        await ScreenshotAsync("openapi");
    }
}
