namespace ApiStudio.Studio.Editor.Model;

/// <summary>The trees of a resource document.</summary>
public enum SectionKind
{
    /// <summary>The security node, run before the process.</summary>
    Security,

    /// <summary>A named fragment, referred to by <c>fragment</c> nodes.</summary>
    Fragment,

    /// <summary>The process tree: what the resource returns.</summary>
    Process,

    /// <summary>The outputs (<c>response</c> and output nodes).</summary>
    Output,
}

/// <summary>One tree of the document being edited; its root is null when the section is absent.</summary>
public sealed class EditorSection
{
    internal EditorSection(SectionKind kind, string? name = null)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>Which tree this is.</summary>
    public SectionKind Kind { get; }

    /// <summary>The fragment's name; null for the other sections.</summary>
    public string? Name { get; internal set; }

    /// <summary>The value at the top of the tree (a node, a literal, a list or a map), or null when absent.</summary>
    public EditorValue? Root { get; internal set; }

    /// <summary>The name used in messages and on the canvas: <c>process</c>, <c>fragment 'total'</c>.</summary>
    public string Label => Kind switch
    {
        SectionKind.Security => "security",
        SectionKind.Fragment => $"fragment '{Name}'",
        SectionKind.Process => "process",
        _ => "output",
    };

    /// <summary>Every node of the tree, in document order.</summary>
    public IEnumerable<EditorNode> Nodes() => Root?.Nodes() ?? [];

    /// <summary>The nodes at the top of the tree (the root node, or the nodes of a root list or map).</summary>
    public IReadOnlyList<EditorNode> TopNodes() => Root?.TopNodes() ?? [];

    /// <inheritdoc />
    public override string ToString() => Label;
}
