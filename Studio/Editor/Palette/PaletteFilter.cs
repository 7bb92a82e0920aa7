using ApiStudio.Engine.Processing;

namespace ApiStudio.Studio.Editor.Palette;

/// <summary>A menu of the palette with the processors it shows.</summary>
public sealed record PaletteGroup(string Menu, IReadOnlyList<Processor> Processors);

/// <summary>
/// What the palette shows: the catalogue's processors grouped by menu (the folders of the processors), filtered by a
/// search over machine name, title and description, and — when an input is chosen — by what that input accepts.
/// </summary>
public static class PaletteFilter
{
    /// <summary>
    /// The groups to show for <paramref name="search"/> (every word must match somewhere; case-insensitive), keeping
    /// only processors <paramref name="accepts"/> allows when given. Menus and processors are in alphabetical order;
    /// empty groups are left out.
    /// </summary>
    public static IReadOnlyList<PaletteGroup> Groups(ProcessorCatalogue catalogue, string? search, Func<string, bool>? accepts = null)
    {
        var words = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return catalogue.All
            .Where(p => accepts is null || accepts(p.MachineName))
            .Where(p => words.All(word => Matches(p, word)))
            .GroupBy(p => p.Menu)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PaletteGroup(g.Key, g.OrderBy(p => p.MachineName, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static bool Matches(Processor processor, string word) =>
        processor.MachineName.Contains(word, StringComparison.OrdinalIgnoreCase)
        || processor.Details.Name.Contains(word, StringComparison.OrdinalIgnoreCase)
        || processor.Details.Description.Contains(word, StringComparison.OrdinalIgnoreCase);
}
