using System.Text;
using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Validation.Fixtures;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>The canvas layout: tidy trees per section, no overlaps, input order kept, parents centred, collapse closing up.</summary>
public class TreeLayoutTests
{
    private const double Tolerance = 1e-6;

    /// <summary>Cards of different widths, and taller the more inputs and items a node has.</summary>
    private static CardSize Size(EditorNode node) => new(
        140 + node.Id.Length * 6 % 90,
        36 + 18 * node.Inputs.Sum(i => i.Value is EditorList list ? list.Items.Count : 1));

    private static EditorDocument Sample(int nodes, int seed) =>
        EditorDocument.Load(EditorSamples.Document(nodes, seed), ValidationCatalogue.Validator);

    private static IEnumerable<TestCaseData> RandomTrees() =>
        from nodes in new[] { 1, 2, 7, 40, 150 }
        from seed in new[] { 1, 2, 3, 4 }
        select new TestCaseData(nodes, seed);

    [TestCaseSource(nameof(RandomTrees))]
    public void Random_trees_are_tidy(int nodes, int seed)
    {
        var model = Sample(nodes, seed);
        AssertTidy(model, TreeLayout.Arrange(model, Size), TreeLayoutOptions.Default);
    }

    [Test]
    public void A_thousand_node_tree_is_tidy()
    {
        var model = Sample(1_000, 7);
        var layout = TreeLayout.Arrange(model, Size);
        Assert.That(layout.Cards, Has.Count.EqualTo(1_000));
        AssertTidy(model, layout, TreeLayoutOptions.Default);
    }

    [TestCase(3)]
    [TestCase(11)]
    public void Trees_laid_out_top_down_are_tidy(int seed)
    {
        var model = Sample(200, seed);
        var options = new TreeLayoutOptions { Direction = LayoutDirection.TopDown };
        AssertTidy(model, TreeLayout.Arrange(model, Size, options: options), options);
    }

    [Test]
    public void A_deep_chain_is_laid_out_in_columns()
    {
        var text = new StringBuilder("name: chain\nprocess:\n");
        const int depth = 200;
        for (var i = 0; i < depth; i++)
        {
            var indent = new string(' ', 2 + 4 * i);
            text.Append(indent).Append("processor: concatenate\n").Append(indent).Append("id: c").Append(i).Append('\n')
                .Append(indent).Append("items:\n").Append(indent).Append("  - x\n").Append(indent).Append("  -");
            text.Append(i == depth - 1 ? " y\n" : "\n");
        }
        var model = EditorDocument.Load(text.ToString(), ValidationCatalogue.Validator);
        var layout = TreeLayout.Arrange(model, _ => new CardSize(100, 50));
        Assert.That(layout.Cards.Select(c => c.Depth), Is.EqualTo(Enumerable.Range(0, depth)));
        Assert.That(layout.Cards.Select(c => c.Y).Distinct().Count(), Is.EqualTo(1), "a chain is a straight line");
        Assert.That(layout.Cards[^1].X, Is.EqualTo((depth - 1) * (100 + TreeLayoutOptions.Default.LevelGap)));
    }

    [Test]
    public void Collapsed_sub_trees_are_hidden_and_the_layout_closes_up()
    {
        var model = Sample(300, 5);
        CardSize BySize(EditorNode node) => new(120 + node.Id.Length * 5, 40 + node.Id.Length * 3);
        var collapsed = model.Nodes().Where(n => n.ChildNodes.Count >= 2).Take(3).Select(n => n.Id).ToHashSet();
        var full = TreeLayout.Arrange(model, BySize);
        var folded = TreeLayout.Arrange(model, BySize, collapsed);

        var hidden = collapsed.SelectMany(id => model.FindNode(id)!.Nodes().Skip(1)).ToHashSet();
        Assert.That(folded.Cards.Select(c => c.Node), Is.EquivalentTo(model.Nodes().Where(n => !hidden.Contains(n))));
        Assert.That(folded.Height, Is.LessThan(full.Height));
        foreach (var id in collapsed)
        {
            var card = folded.Card(model.FindNode(id)!);
            if (card is not null)
            {
                Assert.That(card.HiddenNodes, Is.EqualTo(model.FindNode(id)!.Nodes().Count() - 1));
            }
        }

        // The same as a document where those sub-trees were never there.
        foreach (var id in collapsed)
        {
            if (model.FindNode(id) is { } node && !hidden.Contains(node))
            {
                foreach (var (input, _) in node.Inputs.ToList())
                {
                    model.RemoveInput(node, input);
                }
            }
        }
        var pruned = TreeLayout.Arrange(model, BySize);
        Assert.That(pruned.Cards.Select(c => (c.Node.Id, c.X, c.Y)), Is.EqualTo(folded.Cards.Select(c => (c.Node.Id, c.X, c.Y))));
        AssertTidy(model, folded, TreeLayoutOptions.Default, collapsed);
    }

    [Test]
    public void Sections_are_stacked_under_their_labels_and_links_name_their_slots()
    {
        var model = EditorDocument.Load(EditorDocumentTests.Sample, ValidationCatalogue.Validator);
        var options = TreeLayoutOptions.Default;
        var layout = TreeLayout.Arrange(model, Size);
        Assert.That(layout.Sections.Select(s => s.Section.Label), Is.EqualTo(new[] { "fragment 'who'", "process", "output" }));
        for (var i = 1; i < layout.Sections.Count; i++)
        {
            Assert.That(layout.Sections[i].LabelY, Is.EqualTo(layout.Sections[i - 1].Bottom + options.SectionGap));
        }
        foreach (var card in layout.Cards)
        {
            var band = layout.Sections.Single(s => s.Section == card.Node.Section);
            Assert.That(card.Y, Is.GreaterThanOrEqualTo(band.LabelY + options.LabelHeight - Tolerance));
            Assert.That(card.Bottom, Is.LessThanOrEqualTo(band.Bottom + Tolerance));
        }
        Assert.That(layout.Links.Select(l => (l.Parent.Id, l.Child.Id, l.Input, l.Index, l.Key)), Is.EqualTo(new (string, string, string, int?, string?)[]
        {
            ("greeting", "ref", "items", 1, null), ("greeting", "sum", "items", 2, null), ("sum", "a", "variables", null, "a"),
        }));
        model.AddFragment("empty");
        model.DeleteNode(model.FindNode("greeting")!);
        var emptied = TreeLayout.Arrange(model, Size);
        Assert.That(emptied.Sections.Select(s => (s.Section.Label, s.Height)), Is.EqualTo(new[]
        {
            ("fragment 'who'", layout.Sections[0].Height), ("fragment 'empty'", options.LabelHeight), ("process", options.LabelHeight),
            ("output", options.LabelHeight),
        }));
    }

    /// <summary>No two cards overlap; children keep input order; parents are centred on their children; columns follow depth.</summary>
    private static void AssertTidy(EditorDocument model, TreeLayoutResult layout, TreeLayoutOptions options, IReadOnlySet<string>? collapsed = null)
    {
        var cards = layout.Cards;
        var leftToRight = options.Direction == LayoutDirection.LeftToRight;
        for (var i = 0; i < cards.Count; i++)
        {
            for (var j = i + 1; j < cards.Count; j++)
            {
                var (a, b) = (cards[i], cards[j]);
                var apart = a.Right <= b.X + Tolerance || b.Right <= a.X + Tolerance || a.Bottom <= b.Y + Tolerance || b.Bottom <= a.Y + Tolerance;
                Assert.That(apart, Is.True, $"{a} overlaps {b}");
            }
        }
        double Centre(CardPlacement card) => leftToRight ? card.Y + card.Height / 2 : card.X + card.Width / 2;
        double Start(CardPlacement card) => leftToRight ? card.X : card.Y;
        double End(CardPlacement card) => leftToRight ? card.Right : card.Bottom;
        foreach (var card in cards)
        {
            if (collapsed?.Contains(card.Node.Id) == true || card.Node.ChildNodes.Count == 0)
            {
                continue;
            }
            var children = card.Node.ChildNodes.Select(n => layout.Card(n)!).ToList();
            for (var i = 1; i < children.Count; i++)
            {
                Assert.That(Centre(children[i]), Is.GreaterThan(Centre(children[i - 1])), $"children of {card.Node} in input order");
            }
            Assert.That(Centre(card), Is.EqualTo((Centre(children[0]) + Centre(children[^1])) / 2).Within(Tolerance),
                $"{card.Node} centred on its children");
            foreach (var child in children)
            {
                Assert.That(Start(child), Is.GreaterThanOrEqualTo(End(card) + options.LevelGap - Tolerance));
                Assert.That(child.Depth, Is.EqualTo(card.Depth + 1));
            }
        }
        var visible = cards.Count(c => c.Node.Parent is not null);
        Assert.That(layout.Links, Has.Count.EqualTo(visible));
        Assert.That(layout.Links.All(l => l.Slot.Equals(l.Child.Slot) && l.Parent == l.Child.Parent), Is.True);
        Assert.That(layout.Width, Is.GreaterThanOrEqualTo(cards.Max(c => c.Right)));
        Assert.That(layout.Height, Is.GreaterThanOrEqualTo(cards.Max(c => c.Bottom)));
        Assert.That(model.NodeCount, Is.GreaterThanOrEqualTo(cards.Count));
    }
}
