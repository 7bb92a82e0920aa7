using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace ApiStudio.Studio.Versions;

/// <summary>One row of a side-by-side diff: the old line and the new line (either may be absent).</summary>
public sealed record DiffRow(int? OldNumber, string? OldText, DiffKind OldKind, int? NewNumber, string? NewText, DiffKind NewKind);

/// <summary>How a line of a diff changed.</summary>
public enum DiffKind
{
    /// <summary>The same on both sides.</summary>
    Same,

    /// <summary>Only on the new side.</summary>
    Added,

    /// <summary>Only on the old side.</summary>
    Removed,

    /// <summary>On both sides, changed.</summary>
    Changed,

    /// <summary>A filler opposite an added or removed line.</summary>
    Empty,
}

/// <summary>Side-by-side line diff of two versions of a document.</summary>
public static class VersionDiff
{
    /// <summary>The rows comparing <paramref name="oldText"/> with <paramref name="newText"/>.</summary>
    public static IReadOnlyList<DiffRow> Compare(string oldText, string newText)
    {
        var model = SideBySideDiffBuilder.Diff(new Differ(), oldText, newText);
        var rows = new List<DiffRow>(Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count));
        for (var i = 0; i < model.OldText.Lines.Count; i++)
        {
            var left = model.OldText.Lines[i];
            var right = model.NewText.Lines[i];
            rows.Add(new DiffRow(left.Position, left.Text, Kind(left.Type), right.Position, right.Text, Kind(right.Type)));
        }
        return rows;
    }

    /// <summary>True when the two texts differ in any line.</summary>
    public static bool Differs(IReadOnlyList<DiffRow> rows) => rows.Any(r => r.OldKind != DiffKind.Same || r.NewKind != DiffKind.Same);

    private static DiffKind Kind(ChangeType type) => type switch
    {
        ChangeType.Inserted => DiffKind.Added,
        ChangeType.Deleted => DiffKind.Removed,
        ChangeType.Modified => DiffKind.Changed,
        ChangeType.Imaginary => DiffKind.Empty,
        _ => DiffKind.Same,
    };
}
