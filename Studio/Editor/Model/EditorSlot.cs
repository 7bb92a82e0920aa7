using System.Globalization;
using System.Text;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>One step from a value into a list (an item index) or a map (an entry key).</summary>
public readonly record struct SlotStep
{
    private SlotStep(int index, string? key)
    {
        Index = index;
        Key = key;
    }

    /// <summary>The item index when <see cref="IsItem"/>.</summary>
    public int Index { get; }

    /// <summary>The entry key of a map step; null for a list item.</summary>
    public string? Key { get; }

    /// <summary>True for a list item, false for a map entry.</summary>
    public bool IsItem => Key is null;

    /// <summary>Item <paramref name="index"/> of a list.</summary>
    public static SlotStep Item(int index) => new(index, null);

    /// <summary>Entry <paramref name="key"/> of a map.</summary>
    public static SlotStep Entry(string key) => new(0, key);

    /// <inheritdoc />
    public override string ToString() => IsItem ? $"item {Index.ToString(CultureInfo.InvariantCulture)}" : $"key '{Key}'";
}

/// <summary>
/// A place in the document where a value sits or may be put: an input of a node, or a section's root, followed by
/// list items and map keys (node <c>total</c>, input <c>values</c>, item 2). Compared by node, section and steps.
/// </summary>
public sealed class EditorSlot : IEquatable<EditorSlot>
{
    private readonly SlotStep[] _steps;

    private EditorSlot(EditorSection? section, EditorNode? node, string? input, SlotStep[] steps)
    {
        RootSection = section;
        Node = node;
        Input = input;
        _steps = steps;
    }

    /// <summary>The section whose root this slot starts at; null when it starts at a node's input.</summary>
    public EditorSection? RootSection { get; }

    /// <summary>The node whose input this slot starts at; null at a section root.</summary>
    public EditorNode? Node { get; }

    /// <summary>The input of <see cref="Node"/>; null at a section root.</summary>
    public string? Input { get; }

    /// <summary>The list items and map keys from the input (or root) down to the slot.</summary>
    public IReadOnlyList<SlotStep> Steps => _steps;

    /// <summary>The section the slot is in (null when its node is not in a document).</summary>
    public EditorSection? Section => RootSection ?? Node?.Section;

    /// <summary>The item index when the last step is a list item; else null.</summary>
    public int? ItemIndex => _steps.Length > 0 && _steps[^1].IsItem ? _steps[^1].Index : null;

    /// <summary>The slot holding this one (without the last step); null for an input or a section root.</summary>
    public EditorSlot? Up => _steps.Length == 0 ? null : new EditorSlot(RootSection, Node, Input, _steps[..^1]);

    /// <summary>The input itself (the slot without its steps); null at a section root.</summary>
    public EditorSlot? InputSlot => Node is null ? null : _steps.Length == 0 ? this : new EditorSlot(null, Node, Input, []);

    /// <summary>The root of a section.</summary>
    public static EditorSlot Root(EditorSection section) => new(section, null, null, []);

    /// <summary>Input <paramref name="input"/> of <paramref name="node"/>.</summary>
    public static EditorSlot Of(EditorNode node, string input) => new(null, node, input, []);

    /// <summary>Item <paramref name="index"/> of the list at this slot.</summary>
    public EditorSlot Item(int index) => Then([SlotStep.Item(index)]);

    /// <summary>Entry <paramref name="key"/> of the map at this slot.</summary>
    public EditorSlot Entry(string key) => Then([SlotStep.Entry(key)]);

    /// <summary>This slot followed by <paramref name="steps"/>.</summary>
    public EditorSlot Then(IReadOnlyList<SlotStep> steps)
    {
        if (steps.Count == 0)
        {
            return this;
        }
        var all = new SlotStep[_steps.Length + steps.Count];
        _steps.CopyTo(all, 0);
        for (var i = 0; i < steps.Count; i++)
        {
            all[_steps.Length + i] = steps[i];
        }
        return new EditorSlot(RootSection, Node, Input, all);
    }

    /// <inheritdoc />
    public bool Equals(EditorSlot? other) =>
        other is not null && ReferenceEquals(RootSection, other.RootSection) && ReferenceEquals(Node, other.Node)
        && string.Equals(Input, other.Input, StringComparison.Ordinal) && _steps.AsSpan().SequenceEqual(other._steps);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EditorSlot);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(RootSection);
        hash.Add(Node);
        hash.Add(Input, StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            hash.Add(step);
        }
        return hash.ToHashCode();
    }

    /// <summary>The slot as a message names it: <c>node 'total', input 'values', item 2</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Node is null ? RootSection?.Label ?? "" : $"node '{Node.Id}', input '{Input}'");
        foreach (var step in _steps)
        {
            text.Append(", ").Append(step);
        }
        return text.ToString();
    }
}
