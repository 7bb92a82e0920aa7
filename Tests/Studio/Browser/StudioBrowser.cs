using System.Diagnostics;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>
/// End-to-end tests of the studio in a real browser: Debian's Chromium driven by Playwright against a real host on a
/// loopback port with a fresh database. Each test gets its own host and browser context; the browser is shared by the
/// fixture. Screenshots go to <c>screenshots/</c> in the test output folder. Slow (seconds per test), marked
/// <c>Browser</c>: <c>dotnet test --filter TestCategory!=Browser</c> leaves them out.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public abstract class StudioBrowser
{
    /// <summary>Debian's Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The password of the users <see cref="CreateWorldAsync"/> adds.</summary>
    public const string Password = "World-Password-1";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IBrowserContext? _context;

    /// <summary>The host of the running test.</summary>
    protected TestHost Host { get; private set; } = null!;

    /// <summary>The page of the running test.</summary>
    protected IPage Page { get; private set; } = null!;

    /// <summary>Where screenshots go.</summary>
    protected static string ScreenshotFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    /// <summary>Starts Playwright's driver and Chromium (installing Debian's package first when it is missing and we are root).</summary>
    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        EnsureChromium();
        // Generous waits: CI shares two cores between the host, the browser and the test; a broken page still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Closes the browser.</summary>
    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A fresh host and browser context per test.</summary>
    [SetUp]
    public async Task StartHostAndPage()
    {
        // A circuit failure shows its exception in the browser console, which the test output prints.
        Host = await TestHost.StartAsync(new Dictionary<string, string?> { ["DetailedErrors"] = "true" });
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                TestContext.Progress.WriteLine($"browser console: {message.Text}");
            }
        };
    }

    /// <summary>Keeps a screenshot of a failed test; stops the page and the host.</summary>
    [TearDown]
    public async Task StopHostAndPage()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && Page is not null)
        {
            await ScreenshotAsync("failed");
        }
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
        await Host.DisposeAsync();
    }

    /// <summary>Signs in through the sign-in page as a person does and waits for the studio.</summary>
    protected async Task SignInAsync(string userName = "admin", string password = TestHost.AdminPassword, string path = "studio")
    {
        await Page.GotoAsync(path);
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens the drop-down labelled <paramref name="label"/> by clicking its field, as a person does (the select's own
    /// input lies under its displayed text and is not always what the browser calls visible).
    /// </summary>
    protected Task OpenSelectAsync(string label, ILocator? within = null) =>
        (within ?? Page.Locator("body")).Locator(".mud-input-control.mud-select", new() { Has = Page.GetByLabel(label, new() { Exact = true }) }).ClickAsync();

    /// <summary>Saves a full-page screenshot named after the test and <paramref name="name"/>; returns its path.</summary>
    protected async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var test = TestContext.CurrentContext.Test.MethodName ?? "test";
        var path = Path.Combine(ScreenshotFolder, $"{GetType().Name}.{test}.{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        return path;
    }

    /// <summary>
    /// Accounts acme (applications shop, blog) and globex (portal) with users: <c>shop_dev</c> (Developer of acme/shop),
    /// <c>shop_consumer</c> (Consumer of acme/shop) and <c>globex_dev</c> (Developer of globex/portal), all with
    /// <see cref="Password"/>; one published resource in acme/shop (<c>hello</c>) and one in globex/portal (<c>secret</c>).
    /// </summary>
    protected async Task CreateWorldAsync()
    {
        var database = Host.Services.GetRequiredService<Database>();
        var hasher = Host.Services.GetRequiredService<IPasswordHasher<UserRow>>();
        await database.InTransactionAsync(async db =>
        {
            var acme = (await AccountMapper.CreateAsync(db, "acme")).Accid;
            var shop = (await ApplicationMapper.CreateAsync(db, acme, "shop")).Appid;
            await ApplicationMapper.CreateAsync(db, acme, "blog");
            var globex = (await AccountMapper.CreateAsync(db, "globex")).Accid;
            var portal = (await ApplicationMapper.CreateAsync(db, globex, "portal")).Appid;
            async Task User(string name, string role, long accid, long appid)
            {
                var user = await UserMapper.CreateAsync(db, name, $"{name}@example.com", "pending");
                await UserMapper.SetPasswordHashAsync(db, user.Uid, hasher.HashPassword(user, Password));
                await UserRoleMapper.CreateAsync(db, user.Uid, (await RoleMapper.FindByNameAsync(db, role))!.Rid, accid, appid);
            }
            await User("shop_dev", Roles.Developer, acme, shop);
            await User("shop_consumer", Roles.Consumer, acme, shop);
            await User("globex_dev", Roles.Developer, globex, portal);
        });
        await Host.Registry.ReloadAsync();
        await Host.Registry.SaveAsync(Resource("acme", "shop", "Shop hello", "hello", "Hello from the shop"), DocumentFormat.Yaml, "hello.yaml");
        await Host.Registry.SaveAsync(Resource("globex", "portal", "Portal secret", "secret", "Globex only"), DocumentFormat.Yaml, "secret.yaml");
    }

    /// <summary>A small published GET resource.</summary>
    protected static string Resource(string account, string application, string name, string uri, string process) => $"""
        name: {name}
        description: {name}.
        account: {account}
        application: {application}
        uri: {uri}
        method: get
        ttl: 0
        process: {process}
        """;

    /// <summary>
    /// Chromium must be there: as root on Debian it is installed (as <c>.ci/run</c> does); otherwise the test fails
    /// saying how to install it — a browser test is never skipped.
    /// </summary>
    private static void EnsureChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }
        if (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
        {
            var install = Process.Start(new ProcessStartInfo("/bin/sh", "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            install.WaitForExit(TimeSpan.FromMinutes(10));
        }
        Assert.That(File.Exists(ChromiumPath), Is.True,
            $"The studio's browser tests need Debian's Chromium at {ChromiumPath}: sudo apt-get install -y chromium");
    }
}
