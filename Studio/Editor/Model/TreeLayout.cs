namespace ApiStudio.Studio.Editor.Model;

/// <summary>Which way a tree grows from its root towards the nodes feeding it.</summary>
public enum LayoutDirection
{
    /// <summary>The root on the left, the nodes feeding it to its right (suits wide cards).</summary>
    LeftToRight,

    /// <summary>The root at the top, the nodes feeding it below.</summary>
    TopDown,
}

/// <summary>The size of a node's card on the canvas.</summary>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct CardSize(double Width, double Height);

/// <summary>Spacing of the canvas layout.</summary>
public sealed record TreeLayoutOptions
{
    /// <summary>The default spacing, left to right.</summary>
    public static readonly TreeLayoutOptions Default = new();

    /// <summary>Which way trees grow.</summary>
    public LayoutDirection Direction { get; init; } = LayoutDirection.LeftToRight;

    /// <summary>Space between a column of cards and the next (a row, top down), where the links run.</summary>
    public double LevelGap { get; init; } = 80;

    /// <summary>Least space between neighbouring cards of one column.</summary>
    public double SiblingGap { get; init; } = 16;

    /// <summary>Space between the bottom of a section and the label of the next.</summary>
    public double SectionGap { get; init; } = 48;

    /// <summary>Room above a section's cards for its label.</summary>
    public double LabelHeight { get; init; } = 32;
}

/// <summary>Where one card goes.</summary>
/// <param name="Node">The node.</param>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Depth">0 for a section's top nodes, 1 for the nodes feeding them, and so on.</param>
/// <param name="HiddenNodes">How many nodes its collapsed sub-tree hides (0 when it is not collapsed).</param>
public sealed record CardPlacement(EditorNode Node, double X, double Y, double Width, double Height, int Depth, int HiddenNodes)
{
    /// <summary>Right edge.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Y + Height;
}

/// <summary>Where one section goes: its label, and the band its cards take.</summary>
/// <param name="Section">The section.</param>
/// <param name="LabelX">Left of the label.</param>
/// <param name="LabelY">Top of the label (the top of the band).</param>
/// <param name="Width">Width of the band (its cards, from x 0).</param>
/// <param name="Height">Height of the band, label included.</param>
public sealed record SectionPlacement(EditorSection Section, double LabelX, double LabelY, double Width, double Height)
{
    /// <summary>Bottom of the band.</summary>
    public double Bottom => LabelY + Height;
}

/// <summary>A link of the canvas: the child's card feeds an input slot of its parent's card.</summary>
/// <param name="Parent">The node fed.</param>
/// <param name="Child">The node feeding it.</param>
/// <param name="Slot">Where the child sits in the parent (input, then list items and map keys).</param>
public sealed record CardLink(EditorNode Parent, EditorNode Child, EditorSlot Slot)
{
    /// <summary>The parent's input the child feeds (the port).</summary>
    public string Input => Slot.Input!;

    /// <summary>The item of that input's list the child is, when it is one.</summary>
    public int? Index => Slot.Steps.Count > 0 && Slot.Steps[0].IsItem ? Slot.Steps[0].Index : null;

    /// <summary>The key of that input's map the child is under, when it is one.</summary>
    public string? Key => Slot.Steps.Count > 0 ? Slot.Steps[0].Key : null;
}

/// <summary>The positions of every visible card, section label and link of a document.</summary>
public sealed class TreeLayoutResult
{
    private readonly Dictionary<EditorNode, CardPlacement> _byNode;

    internal TreeLayoutResult(List<CardPlacement> cards, List<SectionPlacement> sections, List<CardLink> links)
    {
        Cards = cards;
        Sections = sections;
        Links = links;
        _byNode = new Dictionary<EditorNode, CardPlacement>(cards.Count, ReferenceEqualityComparer.Instance);
        foreach (var card in cards)
        {
            _byNode[card.Node] = card;
            Width = Math.Max(Width, card.Right);
        }
        foreach (var section in sections)
        {
            Width = Math.Max(Width, section.Width);
            Height = Math.Max(Height, section.Bottom);
        }
    }

    /// <summary>The visible cards, section by section in document order.</summary>
    public IReadOnlyList<CardPlacement> Cards { get; }

    /// <summary>The sections, top to bottom.</summary>
    public IReadOnlyList<SectionPlacement> Sections { get; }

    /// <summary>A link per visible card that feeds another.</summary>
    public IReadOnlyList<CardLink> Links { get; }

    /// <summary>Width of the whole drawing.</summary>
    public double Width { get; }

    /// <summary>Height of the whole drawing.</summary>
    public double Height { get; }

    /// <summary>Where a node's card is, or null when it is hidden in a collapsed sub-tree.</summary>
    public CardPlacement? Card(EditorNode node) => _byNode.GetValueOrDefault(node);
}

/// <summary>
/// Lays out the canvas: each section as its own tidy tree (root → inputs, children in input order, each parent
/// centred on its children, no two cards overlapping), the sections stacked top to bottom under their labels (an
/// empty process or fragment keeps its band, as a place to drop nodes).
/// Cards may differ in size; a collapsed node hides its sub-tree and the layout closes up. Linear in the nodes.
/// </summary>
public static class TreeLayout
{
    /// <summary>Lays out <paramref name="document"/> with the card sizes <paramref name="size"/> gives.</summary>
    /// <param name="document">The document.</param>
    /// <param name="size">The card size of each node.</param>
    /// <param name="collapsed">Ids of the nodes whose sub-trees are hidden.</param>
    /// <param name="options">Spacing and direction; <see cref="TreeLayoutOptions.Default"/> when null.</param>
    public static TreeLayoutResult Arrange(EditorDocument document, Func<EditorNode, CardSize> size,
        IReadOnlySet<string>? collapsed = null, TreeLayoutOptions? options = null)
    {
        options ??= TreeLayoutOptions.Default;
        var cards = new List<CardPlacement>();
        var sections = new List<SectionPlacement>();
        var links = new List<CardLink>();
        double top = 0;
        foreach (var section in document.Sections)
        {
            // An absent security or output section has no band; process and fragments always do, to drop nodes on.
            if (section.Root is null && section.Kind is SectionKind.Security or SectionKind.Output)
            {
                continue;
            }
            var placed = ArrangeSection(section, size, collapsed, options, top, cards, links);
            sections.Add(placed);
            top = placed.Bottom + options.SectionGap;
        }
        return new TreeLayoutResult(cards, sections, links);
    }

    private static SectionPlacement ArrangeSection(EditorSection section, Func<EditorNode, CardSize> size,
        IReadOnlySet<string>? collapsed, TreeLayoutOptions options, double top, List<CardPlacement> cards, List<CardLink> links)
    {
        // The visible nodes, numbered from 1 in document order under a root (0) that stands for the section.
        var nodes = new List<EditorNode> { null! };
        var children = new List<List<int>> { new() };
        var depth = new List<int> { -1 };
        var hidden = new List<int> { 0 };
        var pending = new Stack<(EditorNode Node, int Parent)>();
        var tops = section.TopNodes();
        for (var i = tops.Count - 1; i >= 0; i--)
        {
            pending.Push((tops[i], 0));
        }
        while (pending.TryPop(out var item))
        {
            var index = nodes.Count;
            nodes.Add(item.Node);
            children.Add([]);
            depth.Add(depth[item.Parent] + 1);
            children[item.Parent].Add(index);
            var isCollapsed = collapsed?.Contains(item.Node.Id) == true;
            hidden.Add(isCollapsed ? item.Node.Nodes().Count() - 1 : 0);
            if (item.Parent > 0)
            {
                links.Add(new CardLink(nodes[item.Parent], item.Node, item.Node.Slot!));
            }
            if (!isCollapsed)
            {
                var feeding = item.Node.ChildNodes;
                for (var i = feeding.Count - 1; i >= 0; i--)
                {
                    pending.Push((feeding[i], index));
                }
            }
        }

        var leftToRight = options.Direction == LayoutDirection.LeftToRight;
        var sizes = new CardSize[nodes.Count];
        var breadth = new double[nodes.Count];
        var levelExtent = new List<double>();
        for (var v = 1; v < nodes.Count; v++)
        {
            sizes[v] = size(nodes[v]);
            breadth[v] = leftToRight ? sizes[v].Height : sizes[v].Width;
            var along = leftToRight ? sizes[v].Width : sizes[v].Height;
            while (levelExtent.Count <= depth[v])
            {
                levelExtent.Add(0);
            }
            levelExtent[depth[v]] = Math.Max(levelExtent[depth[v]], along);
        }
        var levelStart = new double[levelExtent.Count];
        for (var level = 1; level < levelExtent.Count; level++)
        {
            levelStart[level] = levelStart[level - 1] + levelExtent[level - 1] + options.LevelGap;
        }

        var centres = new TidyTree(children.ToArray(), breadth, options.SiblingGap).Centres();
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var v = 1; v < nodes.Count; v++)
        {
            low = Math.Min(low, centres[v] - breadth[v] / 2);
            high = Math.Max(high, centres[v] + breadth[v] / 2);
        }
        var contentTop = top + options.LabelHeight;
        double width = 0, height = 0;
        for (var v = 1; v < nodes.Count; v++)
        {
            var across = centres[v] - breadth[v] / 2 - low;
            var along = levelStart[depth[v]];
            var card = leftToRight
                ? new CardPlacement(nodes[v], along, contentTop + across, sizes[v].Width, sizes[v].Height, depth[v], hidden[v])
                : new CardPlacement(nodes[v], across, contentTop + along, sizes[v].Width, sizes[v].Height, depth[v], hidden[v]);
            cards.Add(card);
            width = Math.Max(width, card.Right);
            height = Math.Max(height, card.Bottom - top);
        }
        return new SectionPlacement(section, 0, top, width, Math.Max(height, options.LabelHeight));
    }
}
