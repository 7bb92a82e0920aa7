using System.Globalization;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// One value of a tree being edited: a literal, a list, a map or a processor node. Knows where it sits (its
/// container and slot); changed only through the commands of its <see cref="EditorDocument"/>, so every change can
/// be undone.
/// </summary>
public abstract class EditorValue
{
    private EditorSection? _rootOf;

    /// <summary>The node, list or map holding this value; null for a section's root or a value not in a document.</summary>
    public EditorValue? Container { get; private set; }

    /// <summary>The input or map key this value sits under in its container (null in a list or at a section root).</summary>
    internal string? Key { get; private set; }

    /// <summary>The position of this value in its container's list (0 elsewhere).</summary>
    internal int Index { get; set; }

    /// <summary>The section whose tree holds this value; null when the value is not in a document.</summary>
    public EditorSection? Section
    {
        get
        {
            var value = this;
            while (value.Container is { } container)
            {
                value = container;
            }
            return value._rootOf;
        }
    }

    /// <summary>The nearest node enclosing this value; null at a section's top level.</summary>
    public EditorNode? OwnerNode
    {
        get
        {
            for (var container = Container; container is not null; container = container.Container)
            {
                if (container is EditorNode node)
                {
                    return node;
                }
            }
            return null;
        }
    }

    /// <summary>Where this value sits (node, input, list items and map keys); null when it is not in a document.</summary>
    public EditorSlot? Slot
    {
        get
        {
            var steps = new List<SlotStep>();
            var value = this;
            while (value.Container is { } container and not EditorNode)
            {
                steps.Add(container is EditorList ? SlotStep.Item(value.Index) : SlotStep.Entry(value.Key!));
                value = container;
            }
            steps.Reverse();
            if (value.Container is EditorNode owner)
            {
                return EditorSlot.Of(owner, value.Key!).Then(steps);
            }
            return value._rootOf is { } section ? EditorSlot.Root(section).Then(steps) : null;
        }
    }

    /// <summary>
    /// The nodes directly below this value: itself when it is a node, else the first nodes found in its items and
    /// entries, in order (without looking inside those nodes).
    /// </summary>
    public IReadOnlyList<EditorNode> TopNodes()
    {
        var found = new List<EditorNode>();
        CollectTopNodes(this, found);
        return found;
    }

    /// <summary>Every node of this sub-tree, itself first, in document order.</summary>
    public IEnumerable<EditorNode> Nodes()
    {
        var pending = new Stack<EditorValue>();
        pending.Push(this);
        while (pending.TryPop(out var value))
        {
            if (value is EditorNode node)
            {
                yield return node;
            }
            var children = value.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    /// <summary>The values directly inside this one (inputs, items or entries), in order.</summary>
    internal abstract IReadOnlyList<EditorValue> Children { get; }

    internal void AttachTo(EditorValue container, string? key, int index)
    {
        Container = container;
        Key = key;
        Index = index;
        _rootOf = null;
    }

    internal void AttachAsRoot(EditorSection section)
    {
        Container = null;
        Key = null;
        Index = 0;
        _rootOf = section;
    }

    internal void Detach()
    {
        Container = null;
        Key = null;
        Index = 0;
        _rootOf = null;
    }

    /// <summary>Adds the nodes found below <paramref name="value"/> (not inside them) to <paramref name="found"/>.</summary>
    internal static void CollectTopNodes(EditorValue value, List<EditorNode> found)
    {
        if (value is EditorNode node)
        {
            found.Add(node);
            return;
        }
        var pending = new Stack<EditorValue>();
        pending.Push(value);
        while (pending.TryPop(out var current))
        {
            if (current is EditorNode child)
            {
                found.Add(child);
                continue;
            }
            var children = current.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }
}

/// <summary>A scalar literal: null, a boolean, an integer (long), a number (double) or a text.</summary>
public sealed class EditorLiteral(object? value) : EditorValue
{
    /// <summary>The scalar.</summary>
    public object? Value { get; } = value;

    /// <summary>What kind of literal this is.</summary>
    public LiteralKind Kind => Value switch
    {
        null => LiteralKind.Null,
        bool => LiteralKind.Boolean,
        long or double => LiteralKind.Number,
        _ => LiteralKind.Text,
    };

    internal override IReadOnlyList<EditorValue> Children => [];

    /// <summary>
    /// The literal an inspector field of <paramref name="kind"/> holds as <paramref name="text"/>: the text itself, a
    /// number (an integer when it has no fraction), true or false, null, or an empty list or map to fill.
    /// </summary>
    public static bool TryParse(LiteralKind kind, string text, out object? value, out string? error)
    {
        value = null;
        error = null;
        var trimmed = text.Trim();
        switch (kind)
        {
            case LiteralKind.Text:
                value = text;
                return true;
            case LiteralKind.Number when long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                value = integer;
                return true;
            case LiteralKind.Number when double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                value = number;
                return true;
            case LiteralKind.Number:
                error = $"'{text}' is not a number.";
                return false;
            case LiteralKind.Boolean when bool.TryParse(trimmed, out var flag):
                value = flag;
                return true;
            case LiteralKind.Boolean:
                error = $"'{text}' is not true or false.";
                return false;
            case LiteralKind.List:
                value = new List<object?>();
                return true;
            case LiteralKind.Map:
                value = new Dictionary<string, object?>();
                return true;
            default:
                return true;
        }
    }

    /// <summary>The kind of literal <paramref name="value"/> is; null for a node.</summary>
    public static LiteralKind? KindOf(EditorValue value) => value switch
    {
        EditorLiteral literal => literal.Kind,
        EditorList => LiteralKind.List,
        EditorMap => LiteralKind.Map,
        _ => null,
    };
}

/// <summary>A list whose items may mix literals, lists, maps and nodes.</summary>
public sealed class EditorList : EditorValue
{
    internal List<EditorValue> ItemList { get; } = [];

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<EditorValue> Items => ItemList;

    internal override IReadOnlyList<EditorValue> Children => ItemList;
}

/// <summary>A map (not a processor node) whose values may hold nodes; entries keep their written order.</summary>
public sealed class EditorMap : EditorValue
{
    internal KeyedValues EntryList { get; } = new();

    /// <summary>The entries, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, EditorValue>> Entries => EntryList.Pairs;

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public EditorValue? Get(string key) => EntryList.Get(key);

    internal override IReadOnlyList<EditorValue> Children => EntryList.Values;
}

/// <summary>The kinds of literal the inspector edits.</summary>
public enum LiteralKind
{
    /// <summary>A text.</summary>
    Text,

    /// <summary>An integer or a decimal number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>null.</summary>
    Null,

    /// <summary>A list of values.</summary>
    List,

    /// <summary>A map of keys to values.</summary>
    Map,
}

/// <summary>Key/value pairs in written order (a node's inputs, a map's entries), with the values alongside for walking.</summary>
internal sealed class KeyedValues
{
    public List<KeyValuePair<string, EditorValue>> Pairs { get; } = [];

    public List<EditorValue> Values { get; } = [];

    public int Count => Pairs.Count;

    public int IndexOf(string key)
    {
        for (var i = 0; i < Pairs.Count; i++)
        {
            if (string.Equals(Pairs[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    public EditorValue? Get(string key)
    {
        var index = IndexOf(key);
        return index < 0 ? null : Pairs[index].Value;
    }

    public void Insert(int index, string key, EditorValue value)
    {
        Pairs.Insert(index, new KeyValuePair<string, EditorValue>(key, value));
        Values.Insert(index, value);
    }

    public void Set(int index, string key, EditorValue value)
    {
        Pairs[index] = new KeyValuePair<string, EditorValue>(key, value);
        Values[index] = value;
    }

    public void RemoveAt(int index)
    {
        Pairs.RemoveAt(index);
        Values.RemoveAt(index);
    }
}
