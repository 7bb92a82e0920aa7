using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor.Canvas;

/// <summary>How a card writes each input inline.</summary>
public static class CardRows
{
    /// <summary>The inline text and state of <paramref name="input"/>.</summary>
    public static (string Text, RowState State) Describe(NodeInput input)
    {
        if (input.Value is not { } value)
        {
            return input.Spec is { Required: true }
                ? ("required", RowState.Missing)
                : (input.Default is null ? "—" : "default " + CanvasText.Short(input.Default, 20), RowState.Default);
        }
        var state = !input.IsDeclared ? RowState.Undeclared : value.Nodes().Any() ? RowState.Linked : RowState.Literal;
        return (Inline(value), state);
    }

    /// <summary>A value written on one short line: literals as they are, nodes as arrows to their ids.</summary>
    public static string Inline(EditorValue value) => CanvasText.Short(value switch
    {
        EditorNode node => "← " + node.Id,
        EditorLiteral literal => CanvasText.Short(literal.Value, 40),
        EditorList list => "[" + string.Join(", ", list.Items.Take(6).Select(Inline)) + (list.Items.Count > 6 ? ", …" : "") + "]",
        EditorMap map => "{" + string.Join(", ", map.Entries.Take(4).Select(e => e.Key + ": " + Inline(e.Value))) + (map.Entries.Count > 4 ? ", …" : "") + "}",
        _ => "",
    }, 34);
}
