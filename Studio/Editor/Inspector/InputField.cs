using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor.Inspector;

/// <summary>
/// What one editor of the inspector edits: a slot of a node (an input, or an item or entry of it), the value there,
/// the input's declaration, and the callbacks through which it asks the page to change the document.
/// </summary>
public sealed record InputField
{
    /// <summary>The document.</summary>
    public required EditorDocument Model { get; init; }

    /// <summary>Where the value sits.</summary>
    public required EditorSlot Slot { get; init; }

    /// <summary>The value at the slot; null when the input is not given.</summary>
    public EditorValue? Value { get; init; }

    /// <summary>The input's declaration; null for an input the processor does not declare.</summary>
    public InputSpec? Spec { get; init; }

    /// <summary>True for one item or entry of an input: edited as one value, never as the whole list.</summary>
    public bool IsItem { get; init; }

    /// <summary>The id of the field's input element, which the input's label points to.</summary>
    public required string FieldId { get; init; }

    /// <summary>What the field is called to assistive technology (<c>items, item 2</c>).</summary>
    public required string Label { get; init; }

    /// <summary>The editors to choose nested fields from.</summary>
    public required InputEditorRegistry Editors { get; init; }

    /// <summary>Runs one command through the page (which applies it, records undo and shows a refusal).</summary>
    public required Func<Func<EditorDocument, EditResult>, Task> Edit { get; init; }

    /// <summary>Asks the page to let the designer pick a processor for a slot.</summary>
    public required Func<EditorSlot, Task> ChooseProcessor { get; init; }

    /// <summary>Goes to a node.</summary>
    public required Func<EditorNode, Task> SelectNode { get; init; }

    /// <summary>True when the slot may hold a literal.</summary>
    public bool LiteralAllowed => Spec?.LiteralAllowed ?? true;

    /// <summary>True when the slot may hold a processor node.</summary>
    public bool NodeAllowed => Spec?.NodeAllowed ?? true;

    /// <summary>The value used while the input is absent (none for an item).</summary>
    public object? Default => IsItem ? null : Spec?.Default;

    /// <summary>The values the input allows; empty = any.</summary>
    public IReadOnlyList<object> LimitValues => Spec?.LimitValues ?? [];

    /// <summary>The scalar at the slot, or null.</summary>
    public object? Scalar => (Value as EditorLiteral)?.Value;

    /// <summary>True when the input limits its types to some of <paramref name="types"/> (undefined aside, which means absent).</summary>
    public bool TypesWithin(params DataType[] types)
    {
        var limit = Spec?.LimitTypes ?? [];
        var typed = limit.Where(t => t != DataType.Undefined).ToList();
        return typed.Count > 0 && typed.All(types.Contains);
    }

    /// <summary>
    /// A literal to start with when the designer adds a value: the default, else the first allowed value, else a
    /// blank of the input's type (false, 0 or empty text).
    /// </summary>
    public object? Blank()
    {
        if (Spec?.Default is { } fallback and not IEnumerable<object?>)
        {
            return fallback;
        }
        if (LimitValues.Count > 0)
        {
            return LimitValues[0];
        }
        if (TypesWithin(DataType.Boolean))
        {
            return false;
        }
        return TypesWithin(DataType.Integer, DataType.Float) ? 0L : "";
    }

    /// <summary>Sets the slot to a literal.</summary>
    public Task Set(object? value)
    {
        var slot = Slot;
        return Edit(model => model.SetLiteral(slot, value));
    }

    /// <summary>The field of an item or entry of this one.</summary>
    public InputField Part(EditorSlot slot, EditorValue? value, string suffix, string label) => this with
    {
        Slot = slot,
        Value = value,
        IsItem = true,
        FieldId = $"{FieldId}-{suffix}",
        Label = label,
    };

    /// <summary>A literal as the inspector writes it: text as it is, numbers invariant, booleans lower case.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        string text => text,
        IEnumerable<object?> list => $"[{string.Join(", ", list.Select(Show))}]",
        _ => value.ToString() ?? "",
    };
}
