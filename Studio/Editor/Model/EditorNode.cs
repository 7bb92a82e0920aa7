namespace ApiStudio.Studio.Editor.Model;

/// <summary>A processor node being edited: its processor, its id and its inputs in written order.</summary>
public sealed class EditorNode(string processor, string id) : EditorValue
{
    internal KeyedValues InputList { get; } = new();

    /// <summary>The processor's machine name.</summary>
    public string Processor { get; } = processor;

    /// <summary>The node id; unique within a valid resource.</summary>
    public string Id { get; internal set; } = id;

    /// <summary>The inputs given, in written order.</summary>
    public IReadOnlyList<KeyValuePair<string, EditorValue>> Inputs => InputList.Pairs;

    /// <summary>The value given to input <paramref name="name"/>, or null.</summary>
    public EditorValue? Input(string name) => InputList.Get(name);

    /// <summary>The node this one feeds (the nearest enclosing node); null at a section's top level.</summary>
    public EditorNode? Parent => OwnerNode;

    /// <summary>The nodes feeding this one directly, in input order (items of lists and maps included).</summary>
    public IReadOnlyList<EditorNode> ChildNodes
    {
        get
        {
            var found = new List<EditorNode>();
            foreach (var value in InputList.Values)
            {
                CollectTopNodes(value, found);
            }
            return found;
        }
    }

    internal override IReadOnlyList<EditorValue> Children => InputList.Values;

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Processor})";
}
