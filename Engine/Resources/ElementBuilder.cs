namespace ApiStudio.Engine.Resources;

/// <summary>
/// Builds <see cref="Element"/> trees from a stream of structure events (shared by the YAML and JSON readers):
/// detects processor nodes, rejects duplicate keys and enforces the document limits as it goes.
/// </summary>
internal sealed class ElementBuilder(string source, DocumentLimits limits)
{
    private readonly Stack<Container> _open = new();
    private int _values;
    private int _nodes;

    public Element? Root { get; private set; }

    public int Depth => _open.Count;

    /// <summary>True when the next event of the innermost map is a key.</summary>
    public bool ExpectingKey => _open.Count > 0 && _open.Peek() is { IsMap: true, PendingKey: null };

    public void StartList(SourcePosition position) => Open(new Container(position, isMap: false));

    public void StartMap(SourcePosition position) => Open(new Container(position, isMap: true));

    public void Key(string key, SourcePosition position)
    {
        var map = _open.Peek();
        if (map.Keys!.Contains(key))
        {
            throw Fail(position, $"Duplicate key '{key}'.");
        }
        map.Keys.Add(key);
        map.PendingKey = key;
    }

    /// <summary>Adds a scalar; returns the element so the caller may register it under an anchor.</summary>
    public Element Scalar(object? value, SourcePosition position)
    {
        Count(position, 1);
        var element = new LiteralElement(value) { Position = position };
        Add(element, position);
        return element;
    }

    /// <summary>Adds an already built element again (a YAML alias), counting its whole size and depth against the limits.</summary>
    public void Reuse(Element element, Shape shape, SourcePosition position)
    {
        if (_open.Count + shape.Depth > limits.MaxStructureDepth)
        {
            throw TooNested(position);
        }
        Count(position, shape.Size);
        _nodes += shape.Nodes;
        CheckNodes(position);
        Add(element, position, shape.NodeDepth, shape.Depth);
    }

    /// <summary>Closes the innermost list or map; returns it with its shape.</summary>
    public (Element Element, Shape Shape) End()
    {
        var container = _open.Pop();
        Element element;
        var isNode = false;
        if (container.IsMap)
        {
            element = ToMapOrNode(container, out isNode);
        }
        else
        {
            element = new ListElement(container.Items.Select(i => i.Value).ToList()) { Position = container.Position };
        }
        var nodeDepth = container.ChildNodeDepth + (isNode ? 1 : 0);
        if (nodeDepth > limits.MaxNodeDepth)
        {
            throw Fail(container.Position, $"Processor nodes are nested deeper than {Number(limits.MaxNodeDepth)} levels.");
        }
        if (isNode)
        {
            _nodes++;
            CheckNodes(container.Position);
        }
        var shape = new Shape(_values - container.ValuesAtStart + 1, _nodes - container.NodesAtStart, nodeDepth,
            container.ChildDepth + 1);
        Add(element, container.Position, nodeDepth, shape.Depth);
        return (element, shape);
    }

    public ResourceLoadException Fail(SourcePosition position, string reason) => new(source, position, reason);

    private void Open(Container container)
    {
        if (_open.Count >= limits.MaxStructureDepth)
        {
            throw TooNested(container.Position);
        }
        Count(container.Position, 1);
        container.ValuesAtStart = _values;
        container.NodesAtStart = _nodes;
        _open.Push(container);
    }

    private ResourceLoadException TooNested(SourcePosition position) =>
        Fail(position, $"The document is nested deeper than {Number(limits.MaxStructureDepth)} levels.");

    private static string Number(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private void Add(Element element, SourcePosition position, int nodeDepth = 0, int depth = 0)
    {
        if (_open.Count == 0)
        {
            if (Root is not null)
            {
                throw Fail(position, "A document holds one resource only.");
            }
            Root = element;
            return;
        }
        var parent = _open.Peek();
        parent.ChildNodeDepth = Math.Max(parent.ChildNodeDepth, nodeDepth);
        parent.ChildDepth = Math.Max(parent.ChildDepth, depth);
        if (parent.IsMap)
        {
            parent.Items.Add(new KeyValuePair<string, Element>(parent.PendingKey!, element));
            parent.PendingKey = null;
        }
        else
        {
            parent.Items.Add(new KeyValuePair<string, Element>("", element));
        }
    }

    private static Element ToMapOrNode(Container map, out bool isNode)
    {
        string? processor = null;
        string? id = null;
        var inputs = new List<KeyValuePair<string, Element>>(map.Items.Count);
        foreach (var entry in map.Items)
        {
            if (entry.Key == "processor" && entry.Value is LiteralElement { Value: string p })
            {
                processor = p;
            }
            else if (entry.Key == "id" && entry.Value is LiteralElement { Value: string or long } idLiteral)
            {
                id = Convert.ToString(idLiteral.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                inputs.Add(entry);
            }
        }
        isNode = processor is not null && !string.IsNullOrWhiteSpace(id);
        return isNode
            ? new NodeElement(processor!, id!, inputs) { Position = map.Position }
            : new MapElement(map.Items) { Position = map.Position };
    }

    private void Count(SourcePosition position, int size)
    {
        _values += size;
        if (_values > limits.MaxValues)
        {
            throw Fail(position,
                $"The document expands to more than {Number(limits.MaxValues)} values (YAML aliases count each time they are used).");
        }
    }

    private void CheckNodes(SourcePosition position)
    {
        if (_nodes > limits.MaxNodes)
        {
            throw Fail(position, $"The document holds more than {Number(limits.MaxNodes)} processor nodes.");
        }
    }

    private sealed class Container(SourcePosition position, bool isMap)
    {
        public SourcePosition Position { get; } = position;
        public bool IsMap { get; } = isMap;
        public List<KeyValuePair<string, Element>> Items { get; } = [];
        public HashSet<string>? Keys { get; } = isMap ? new HashSet<string>(StringComparer.Ordinal) : null;
        public string? PendingKey { get; set; }
        public int ChildNodeDepth { get; set; }
        public int ChildDepth { get; set; }
        public int ValuesAtStart { get; set; }
        public int NodesAtStart { get; set; }
    }
}

/// <summary>
/// The measures of a built element that count against the limits when a YAML alias repeats it: values, processor
/// nodes, nesting of nodes, and nesting of lists and maps (the element itself counting 1).
/// </summary>
internal readonly record struct Shape(int Size, int Nodes, int NodeDepth, int Depth)
{
    /// <summary>The shape of a scalar.</summary>
    public static readonly Shape Scalar = new(1, 0, 0, 0);
}
