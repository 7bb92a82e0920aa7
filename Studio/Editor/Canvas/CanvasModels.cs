using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor.Model;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;

namespace ApiStudio.Studio.Editor.Canvas;

/// <summary>What the canvas's cards ask the editor to do.</summary>
public sealed class CanvasActions
{
    /// <summary>A card was clicked.</summary>
    public required Func<EditorNode, Task> SelectNode { get; init; }

    /// <summary>An input row (or an empty section) was clicked: the palette adds there.</summary>
    public required Func<EditorSlot, Task> SelectSlot { get; init; }

    /// <summary>A processor from the palette was dropped on an input row or an empty section.</summary>
    public required Func<EditorSlot, Task> Drop { get; init; }

    /// <summary>Collapse or expand a card's sub-tree.</summary>
    public required Func<EditorNode, Task> Toggle { get; init; }
}

/// <summary>One input row of a card: the input, what it holds, written short, and its port.</summary>
/// <param name="Input">Input name.</param>
/// <param name="Text">The literal value inline, or what feeds it.</param>
/// <param name="State">How the input stands.</param>
/// <param name="Slot">The input's slot.</param>
/// <param name="Port">The port its feeding nodes link to.</param>
public sealed record CardRow(string Input, string Text, RowState State, EditorSlot Slot, PortModel Port);

/// <summary>How an input of a card stands.</summary>
public enum RowState
{
    /// <summary>A literal value is given.</summary>
    Literal,

    /// <summary>One or more processor nodes feed it.</summary>
    Linked,

    /// <summary>Absent; its default applies.</summary>
    Default,

    /// <summary>Absent and required.</summary>
    Missing,

    /// <summary>Given, but the processor declares no such input.</summary>
    Undeclared,
}

/// <summary>The last try's result of a node, as its card shows it.</summary>
/// <param name="Type">Type of the output.</param>
/// <param name="Output">The output, short.</param>
/// <param name="Milliseconds">Time the node took.</param>
/// <param name="Error">The node's error, when it failed.</param>
public sealed record CardTrace(string? Type, string Output, double? Milliseconds, string? Error)
{
    /// <summary>The card view of one trace entry (<c>{id, processor, type, output, duration_ms, error}</c>).</summary>
    public static CardTrace From(Map entry) => new(
        entry.GetValueOrDefault("type") as string,
        CanvasText.Short(entry.GetValueOrDefault("output"), 60),
        entry.GetValueOrDefault("duration_ms") is { } ms ? Convert.ToDouble(ms, System.Globalization.CultureInfo.InvariantCulture) : null,
        entry.GetValueOrDefault("error") as string);
}

/// <summary>A processor node drawn as a card.</summary>
public sealed class ProcessorCardModel : NodeModel
{
    /// <summary>A card at <paramref name="position"/>.</summary>
    public ProcessorCardModel(EditorNode node, string title, Point position) : base(position)
    {
        Node = node;
        Title = title;
        Locked = true;
    }

    /// <summary>The node drawn.</summary>
    public EditorNode Node { get; }

    /// <summary>The processor's title.</summary>
    public new string Title { get; }

    /// <summary>The input rows, in the order the processor declares them.</summary>
    public List<CardRow> Rows { get; } = [];

    /// <summary>The port on the card's left edge: its output, linked to the input it feeds.</summary>
    public PortModel? Output { get; set; }

    /// <summary>The validation errors of the node.</summary>
    public IReadOnlyList<ValidationError> Errors { get; set; } = [];

    /// <summary>The node's result in the last try, when it ran.</summary>
    public CardTrace? Trace { get; set; }

    /// <summary>True for the selected node.</summary>
    public bool IsSelected { get; set; }

    /// <summary>The slot chosen for the palette, when it is one of this card's inputs.</summary>
    public EditorSlot? ChosenSlot { get; set; }

    /// <summary>True when the node has child nodes (it can be collapsed).</summary>
    public bool HasChildren { get; set; }

    /// <summary>How many nodes its collapsed sub-tree hides (0 when expanded).</summary>
    public int HiddenNodes { get; set; }

    /// <summary>What the card's clicks and drops ask for.</summary>
    public required CanvasActions Actions { get; init; }
}

/// <summary>The label of a section (security, a fragment, process, output), and a drop target while it is empty.</summary>
public sealed class SectionBandModel : NodeModel
{
    /// <summary>A band label at <paramref name="position"/>.</summary>
    public SectionBandModel(EditorSection section, string? literal, Point position) : base(position)
    {
        Section = section;
        Literal = literal;
        Locked = true;
    }

    /// <summary>The section.</summary>
    public EditorSection Section { get; }

    /// <summary>The section's value written inline when it is a literal (no nodes).</summary>
    public string? Literal { get; }

    /// <summary>True when the section holds no processor node (a processor may be dropped on it).</summary>
    public bool IsEmpty => Section.Root is null || (Literal is not null && Section.TopNodes().Count == 0);

    /// <summary>True when the section's slot is chosen for the palette.</summary>
    public bool IsChosen { get; set; }

    /// <summary>What clicks and drops ask for.</summary>
    public required CanvasActions Actions { get; init; }
}

/// <summary>Values written short for cards.</summary>
public static class CanvasText
{
    /// <summary>A value as one short line.</summary>
    public static string Short(object? value, int max = 28)
    {
        var text = value switch
        {
            null => "null",
            string s => s,
            bool b => b ? "true" : "false",
            _ => PlainJson.Serialize(value),
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
