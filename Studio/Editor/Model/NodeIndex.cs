namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The nodes of a document by id. A loaded document may repeat an id (the validator reports it), so an id maps to
/// every node carrying it, in the order they were added.
/// </summary>
internal sealed class NodeIndex
{
    private readonly Dictionary<string, List<EditorNode>> _byId = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public EditorNode? Find(string id) => _byId.TryGetValue(id, out var nodes) ? nodes[0] : null;

    public IReadOnlyList<EditorNode> All(string id) => _byId.TryGetValue(id, out var nodes) ? nodes : [];

    /// <summary>Adds every node of a sub-tree.</summary>
    public void Add(EditorValue subtree)
    {
        foreach (var node in subtree.Nodes())
        {
            Add(node.Id, node);
        }
    }

    /// <summary>Removes every node of a sub-tree.</summary>
    public void Remove(EditorValue subtree)
    {
        foreach (var node in subtree.Nodes())
        {
            Remove(node.Id, node);
        }
    }

    /// <summary>Files <paramref name="node"/> under its new id.</summary>
    public void Rename(EditorNode node, string id)
    {
        Remove(node.Id, node);
        node.Id = id;
        Add(id, node);
    }

    private void Add(string id, EditorNode node)
    {
        if (!_byId.TryGetValue(id, out var nodes))
        {
            _byId[id] = nodes = new List<EditorNode>(1);
        }
        nodes.Add(node);
        Count++;
    }

    private void Remove(string id, EditorNode node)
    {
        if (_byId.TryGetValue(id, out var nodes) && nodes.Remove(node))
        {
            Count--;
            if (nodes.Count == 0)
            {
                _byId.Remove(id);
            }
        }
    }
}
