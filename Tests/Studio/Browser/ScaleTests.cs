using System.Diagnostics;
using ApiStudio.Engine.Resources;
using ApiStudio.Tests.Studio.Editor;
using ApiStudio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiStudio.Tests.Studio.Browser;

/// <summary>
/// A 1,000-node resource in the editor: it opens and stays usable. The times are measured and written to
/// <c>screenshots/studio-scale.txt</c> (the README's numbers come from there); they are not asserted — a slow machine
/// must not fail the suite, a broken editor must.
/// </summary>
public sealed class ScaleTests : StudioBrowser
{
    [Test]
    public async Task A_thousand_node_resource_opens_and_an_edit_is_validated_and_drawn()
    {
        await Host.CreateApplicationAsync("samples", "editor");
        var resid = (await Host.Registry.SaveAsync(EditorSamples.Document(1000), DocumentFormat.Yaml, "sample.yaml")).Resid;
        await SignInAsync();

        var open = Stopwatch.StartNew();
        await Page.GotoAsync($"studio/resources/{resid}");
        await Expect(Page.Locator(".processor-card[data-node-id='join_0']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        open.Stop();
        var drawn = await Page.Locator(".processor-card").CountAsync();
        await ScreenshotAsync("thousand");
        Assert.That(drawn, Is.GreaterThan(0));
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Problems" })).ToContainTextAsync("No problems");

        // Find a leaf by id, delete it, and wait until its card is gone and the problems are counted again.
        var leaf = "text_" + await FirstLeafNumberAsync();
        await Page.GetByLabel("Find a node").FillAsync(leaf);
        await Page.GetByLabel("Find a node").PressAsync("Enter");
        var card = Page.Locator($".processor-card[data-node-id='{leaf}']");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("card-selected"), new() { Timeout = 30_000 });
        await Page.Locator(".canvas").ClickAsync(new() { Position = new Position { X = 5, Y = 300 } });
        var edit = Stopwatch.StartNew();
        await Page.Keyboard.PressAsync("Delete");
        await Expect(card).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        edit.Stop();

        var report = $"1,000-node resource: editor opened and canvas drawn in {open.ElapsedMilliseconds} ms ({drawn} cards in the page); "
            + $"delete a node -> validated, laid out and drawn again in {edit.ElapsedMilliseconds} ms";
        Directory.CreateDirectory(ScreenshotFolder);
        await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, "studio-scale.txt"), report + Environment.NewLine);
        TestContext.Out.WriteLine(report);
    }

    /// <summary>The number of a <c>text_</c> leaf of the sample.</summary>
    private static Task<int> FirstLeafNumberAsync()
    {
        var text = EditorSamples.Document(1000);
        var at = text.IndexOf("id: text_", StringComparison.Ordinal) + "id: text_".Length;
        var end = at;
        while (char.IsDigit(text[end]))
        {
            end++;
        }
        return Task.FromResult(int.Parse(text[at..end], System.Globalization.CultureInfo.InvariantCulture));
    }
}
