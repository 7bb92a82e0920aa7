using System.Xml;
using System.Xml.XPath;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.DataOperation;

/// <summary>
/// An XPath navigator over another that checks the request's time budget and cancellation as it moves. The XPath
/// engine of System.Xml cannot be stopped from outside and a nested expression such as
/// <c>count(//*[count(//*) &gt; 0])</c> visits the document once per node; every visit goes through a move of the
/// navigator it was given, so wrapping that navigator makes any expression stop soon after the budget is spent.
/// </summary>
internal sealed class BudgetedNavigator : XPathNavigator, IHasXmlNode
{
    private const int CheckEvery = 1024;

    private readonly XPathNavigator _inner;
    private readonly Meter _meter;

    /// <summary>Wraps <paramref name="inner"/>; its clones share the same meter.</summary>
    public BudgetedNavigator(XPathNavigator inner, NodeContext context) : this(inner, new Meter(context))
    {
    }

    private BudgetedNavigator(XPathNavigator inner, Meter meter)
    {
        _inner = inner;
        _meter = meter;
    }

    /// <inheritdoc />
    public override XmlNameTable NameTable => _inner.NameTable;

    /// <inheritdoc />
    public override XPathNodeType NodeType => _inner.NodeType;

    /// <inheritdoc />
    public override string LocalName => _inner.LocalName;

    /// <inheritdoc />
    public override string Name => _inner.Name;

    /// <inheritdoc />
    public override string NamespaceURI => _inner.NamespaceURI;

    /// <inheritdoc />
    public override string Prefix => _inner.Prefix;

    /// <inheritdoc />
    public override string BaseURI => _inner.BaseURI;

    /// <inheritdoc />
    public override bool IsEmptyElement => _inner.IsEmptyElement;

    /// <inheritdoc />
    public override string Value
    {
        get
        {
            // The string value of an element concatenates its whole subtree.
            _meter.Tick();
            return _inner.Value;
        }
    }

    /// <inheritdoc />
    public override string XmlLang => _inner.XmlLang;

    /// <inheritdoc />
    public override object? UnderlyingObject => _inner.UnderlyingObject;

    /// <summary>The DOM node under the navigator (set, add and remove change the document through it).</summary>
    public XmlNode GetNode() => ((IHasXmlNode)_inner).GetNode();

    /// <inheritdoc />
    public override XPathNavigator Clone() => new BudgetedNavigator(_inner.Clone(), _meter);

    /// <inheritdoc />
    public override bool IsSamePosition(XPathNavigator other) =>
        other is BudgetedNavigator wrapped && _inner.IsSamePosition(wrapped._inner);

    /// <inheritdoc />
    public override XmlNodeOrder ComparePosition(XPathNavigator? nav) =>
        nav is BudgetedNavigator wrapped ? _inner.ComparePosition(wrapped._inner) : XmlNodeOrder.Unknown;

    /// <inheritdoc />
    public override bool IsDescendant(XPathNavigator? nav) =>
        nav is BudgetedNavigator wrapped && _inner.IsDescendant(wrapped._inner);

    /// <inheritdoc />
    public override bool MoveTo(XPathNavigator other) =>
        other is BudgetedNavigator wrapped && _meter.Tick() && _inner.MoveTo(wrapped._inner);

    /// <inheritdoc />
    public override bool MoveToFirstAttribute() => _meter.Tick() && _inner.MoveToFirstAttribute();

    /// <inheritdoc />
    public override bool MoveToNextAttribute() => _meter.Tick() && _inner.MoveToNextAttribute();

    /// <inheritdoc />
    public override bool MoveToFirstNamespace(XPathNamespaceScope namespaceScope) =>
        _meter.Tick() && _inner.MoveToFirstNamespace(namespaceScope);

    /// <inheritdoc />
    public override bool MoveToNextNamespace(XPathNamespaceScope namespaceScope) =>
        _meter.Tick() && _inner.MoveToNextNamespace(namespaceScope);

    /// <inheritdoc />
    public override bool MoveToNext() => _meter.Tick() && _inner.MoveToNext();

    /// <inheritdoc />
    public override bool MoveToPrevious() => _meter.Tick() && _inner.MoveToPrevious();

    /// <inheritdoc />
    public override bool MoveToFirstChild() => _meter.Tick() && _inner.MoveToFirstChild();

    /// <inheritdoc />
    public override bool MoveToParent() => _meter.Tick() && _inner.MoveToParent();

    /// <inheritdoc />
    public override void MoveToRoot()
    {
        _meter.Tick();
        _inner.MoveToRoot();
    }

    /// <inheritdoc />
    public override bool MoveToId(string id) => _meter.Tick() && _inner.MoveToId(id);

    /// <summary>Counts moves and checks the budget every <see cref="CheckEvery"/> of them (a clock read is not free).</summary>
    private sealed class Meter(NodeContext context)
    {
        private int _moves;

        /// <summary>Always true, so it chains before a move; throws once the budget is spent or the client left.</summary>
        public bool Tick()
        {
            if (++_moves % CheckEvery == 0)
            {
                context.ThrowIfOverBudget();
            }
            return true;
        }
    }
}
