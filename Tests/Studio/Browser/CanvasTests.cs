using ApiStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>Building a resource on the canvas from the palette, as a designer does, and the YAML view kept in step.</summary>
public sealed class CanvasTests : StudioBrowser
{
    [Test]
    public async Task A_new_resource_is_built_from_the_palette_fixed_in_YAML_saved_as_a_draft_and_published()
    {
        await CreateWorldAsync();
        await SignInAsync("shop_dev", Password, "studio/acme/shop");
        await Page.GetByRole(AriaRole.Link, new() { Name = "New resource" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "New resource" })).ToBeVisibleAsync();
        await Page.GetByLabel("Name", new() { Exact = false }).First.FillAsync("Greeting");
        await Page.GetByLabel("URI").FillAsync("greet");
        await Expect(Page.GetByLabel("Name").First).ToHaveValueAsync("Greeting");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(Page.GetByText("Draft only: not served")).ToBeVisibleAsync();

        // Drag concatenate from the palette onto the empty process section.
        var palette = Page.GetByRole(AriaRole.Complementary, new() { Name = "Palette" });
        await palette.GetByLabel("Search processors").FillAsync("concatenate");
        await palette.GetByRole(AriaRole.Button, new() { Name = "Concatenate (concatenate)" })
            .DragToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Drop a processor here, or click and pick one in the palette" }));
        var concatenate = Card("concatenate");
        await Expect(concatenate).ToBeVisibleAsync();
        // Its required input is missing: the card is marked and the problem listed.
        await Expect(concatenate).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-invalid"));
        var problems = Page.GetByRole(AriaRole.Region, new() { Name = "Problems" });
        await Expect(problems).ToContainTextAsync("concatenate");

        // Choose its input, then pick var_get in the palette: only what that input accepts is offered.
        await concatenate.Locator(".card-row", new() { HasText = "items" }).ClickAsync();
        await palette.GetByLabel("Search processors").FillAsync("var_get");
        await palette.GetByRole(AriaRole.Button, new() { Name = "GET variable (var_get)" }).ClickAsync();
        var varGet = Card("var_get");
        await Expect(varGet).ToBeVisibleAsync();
        // Concatenate needs two items: still marked until the second comes.
        await Expect(concatenate).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-invalid"));
        await Expect(varGet).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-invalid"));
        await Expect(problems).ToContainTextAsync("Input 'key' is required");
        await Expect(Page.Locator(".diagram-link")).ToHaveCountAsync(1);
        await ScreenshotAsync("built");

        // The YAML view shows what the canvas built; a fix there is followed by the canvas.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        var text = await Page.EvaluateAsync<string>("() => monaco.editor.getModels()[0].getValue()");
        Assert.That(text, Does.Contain("processor: concatenate").And.Contain("processor: var_get").And.Contain("id: var_get"));
        await Page.EvaluateAsync("text => monaco.editor.getModels()[0].setValue(text)", text
            .Replace("  items:\n", "  items:\n  - 'Hello, '\n", StringComparison.Ordinal)
            .Replace("    id: var_get\n", "    id: var_get\n    key: name\n", StringComparison.Ordinal));
        await Expect(problems).ToContainTextAsync("No problems");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Canvas" }).ClickAsync();
        await Expect(Card("var_get").Locator(".card-row", new() { HasText = "key" })).ToContainTextAsync("name");
        await Expect(Card("var_get")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-invalid"));
        await Expect(Card("concatenate")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-invalid"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(Page.GetByText("Draft saved")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/greet?name=Ada")).Status, Is.EqualTo(System.Net.HttpStatusCode.NotFound));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Published as version")).ToBeVisibleAsync();
        var served = await Host.GetAsync("api/acme/shop/greet?name=Ada");
        Assert.That(served.Status, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(served.Data, Is.EqualTo("Hello, Ada"));
        await ScreenshotAsync("published");
    }

    [Test]
    public async Task Undo_and_redo_follow_the_canvas_and_ctrl_s_saves_the_draft()
    {
        await CreateWorldAsync();
        var resid = Host.Registry.Routes.FindByIdentity("acme", "shop", "get", "hello")!.Resid;
        await SignInAsync("shop_dev", Password, $"studio/resources/{resid}");
        await Expect(Page.GetByText("Hello from the shop")).ToBeVisibleAsync();
        var palette = Page.GetByRole(AriaRole.Complementary, new() { Name = "Palette" });
        // The process section holds a literal: a processor dropped there replaces it.
        await palette.GetByLabel("Search processors").FillAsync("var_get");
        await palette.GetByRole(AriaRole.Button, new() { Name = "GET variable (var_get)" })
            .DragToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Drop a processor here, or click and pick one in the palette" }));
        await Expect(Card("var_get")).ToBeVisibleAsync();

        await Page.Locator(".canvas").ClickAsync(new() { Position = new Position { X = 600, Y = 600 } });
        await Page.Keyboard.PressAsync("Control+z");
        await Expect(Card("var_get")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Hello from the shop")).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Control+y");
        await Expect(Card("var_get")).ToBeVisibleAsync();

        // A card is reached with the keyboard: Enter selects it for the inspector.
        await Card("var_get").Locator(".card-header").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Card("var_get")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-selected"));
        await Expect(Page.GetByRole(AriaRole.Complementary, new() { Name = "Inspector" })).ToContainTextAsync("GET variable");

        await Page.Keyboard.PressAsync("Control+s");
        await Expect(Page.GetByText("Draft saved")).ToBeVisibleAsync();
        Assert.That((await Host.GetAsync("api/acme/shop/hello")).Data, Is.EqualTo("Hello from the shop"));
    }

    private ILocator Card(string id) => Page.Locator($".processor-card[data-node-id='{id}']");
}
