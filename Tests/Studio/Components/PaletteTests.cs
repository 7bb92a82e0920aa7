using ApiStudio.Engine.Processing;
using ApiStudio.Studio.Editor.Palette;
using ApiStudio.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ApiStudio.Tests.Studio.Components;

/// <summary>The palette is generated from the catalogue: grouped by menu, searchable, limited to what an input accepts.</summary>
public sealed class PaletteTests
{
    private static ProcessorCatalogue Catalogue => TestEngine.Catalogue;

    [Test]
    public void Every_processor_of_the_catalogue_is_listed_once_under_its_menu()
    {
        var groups = PaletteFilter.Groups(Catalogue, null);
        Assert.That(groups.SelectMany(g => g.Processors).Select(p => p.MachineName),
            Is.EquivalentTo(Catalogue.All.Select(p => p.MachineName)));
        Assert.That(groups.All(g => g.Processors.All(p => p.Menu == g.Menu)), Is.True);
        Assert.That(groups.Select(g => g.Menu), Is.Ordered.Using((IComparer<string>)StringComparer.OrdinalIgnoreCase));
    }

    [Test]
    public void Search_matches_every_word_in_machine_name_title_or_description()
    {
        var names = Names(PaletteFilter.Groups(Catalogue, "var_get"));
        Assert.That(names, Does.Contain("var_get"));
        Assert.That(names, Has.All.Contains("var_get"));
        // A word of the description finds processors whose name does not contain it.
        Assert.That(Names(PaletteFilter.Groups(Catalogue, "joins the items")), Does.Contain("concatenate"));
        Assert.That(Names(PaletteFilter.Groups(Catalogue, "var_get nothing-like-this")), Is.Empty);
        Assert.That(Names(PaletteFilter.Groups(Catalogue, "  VAR_GET  ")), Does.Contain("var_get"));
    }

    [Test]
    public void Only_what_the_chosen_input_accepts_is_offered()
    {
        var names = Names(PaletteFilter.Groups(Catalogue, null, p => p is "var_get" or "var_uri"));
        Assert.That(names, Is.EquivalentTo(new[] { "var_get", "var_uri" }));
    }

    [Test]
    public async Task The_search_field_filters_the_rendered_list_and_a_click_picks_the_processor()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(Catalogue);
        string? picked = null;
        var palette = context.Render<ProcessorPalette>(p => p.Add(x => x.Picked, name => picked = name));
        Assert.That(palette.FindAll(".palette-item"), Has.Count.EqualTo(Catalogue.All.Count));

        palette.Find("input").Input("concatenate");
        var expected = Names(PaletteFilter.Groups(Catalogue, "concatenate"));
        palette.WaitForAssertion(() => Assert.That(palette.FindAll(".palette-item").Select(i => i.QuerySelector("code")!.TextContent),
            Is.EquivalentTo(expected)), TimeSpan.FromSeconds(2));
        Assert.That(expected, Has.Count.LessThan(Catalogue.All.Count));
        var item = palette.FindAll(".palette-item").First(i => i.QuerySelector("code")!.TextContent == "concatenate");
        item.Click();
        Assert.That(picked, Is.EqualTo("concatenate"));
    }

    private static List<string> Names(IReadOnlyList<PaletteGroup> groups) => groups.SelectMany(g => g.Processors).Select(p => p.MachineName).ToList();
}
