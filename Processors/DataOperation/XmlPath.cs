using System.Text;
using System.Xml;
using System.Xml.XPath;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Gets, sets, adds or removes nodes in XML text with an XPath expression.</summary>
public sealed class XmlPath : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "XML path",
        "Applies an XPath 1.0 expression to XML text. get: a node-set result is returned as XML, the matched nodes " +
        "inside <apiStudioWrapper> (attributes and text nodes as their text); a string, number or boolean result " +
        "(e.g. string(//title), count(//book)) is returned as text, integer/float or boolean. set: replaces the text of " +
        "every matched element or attribute with value. add: appends value (an XML fragment or text) to every matched " +
        "element. remove: removes every matched node. set, add and remove return the changed XML. DTDs and external " +
        "entities are refused; malformed XML is an error.",
        new InputSpec("data", "The XML text.") { Min = 1, LimitTypes = [DataType.Xml, DataType.Html, DataType.Text] },
        new InputSpec("expression", "The XPath expression.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("operation", "The operation.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["get", "set", "add", "remove"], Default = "get",
        },
        new InputSpec("value", "The text to set, or the XML fragment to add (set, add).")
        {
            LimitTypes = [DataType.Text, DataType.Xml, DataType.Html, DataType.Integer, DataType.Float, DataType.Boolean],
        })
    {
        Returns = [DataType.Boolean, DataType.Float, DataType.Integer, DataType.Text, DataType.Undefined, DataType.Xml],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var document = XmlTexts.Load((string)context.Val("data").Data!, "data", context);
        var expression = (string)context.Val("expression").Data!;
        var operation = (string)DataItems.Option(context, "operation").Data!;
        if (operation is "set" or "add" && !context.Has("value"))
        {
            throw context.Error($"Operation {operation} needs a value.");
        }
        // Every step of the evaluation moves this navigator, which checks the time budget.
        var navigator = new BudgetedNavigator(document.CreateNavigator()!, context);
        try
        {
            if (operation == "get")
            {
                return Get(navigator.Evaluate(expression), context);
            }
            var nodes = new List<XmlNode>();
            foreach (BudgetedNavigator match in navigator.Select(expression))
            {
                nodes.Add(match.GetNode());
            }
            var value = context.Val("value").AsText(context.NodeId);
            // Every match receives the value: refuse a document that cannot fit before growing it.
            context.EnsureFits(nodes.Count * ValueSize.OfText(value.Length));
            foreach (var node in nodes)
            {
                Change(node, operation, value, context);
            }
            return DataContainer.Xml(document.OuterXml);
        }
        catch (XPathException ex)
        {
            throw context.Error($"Invalid XPath expression '{expression}': {ex.Message}");
        }
    }

    private static DataContainer Get(object result, NodeContext context)
    {
        switch (result)
        {
            case string text:
                return DataContainer.Text(text);
            case bool flag:
                return DataContainer.Boolean(flag);
            case double number:
                return number == global::System.Math.Floor(number) && global::System.Math.Abs(number) < 9e15
                    ? DataContainer.Integer((long)number)
                    : DataContainer.Float(number);
        }
        var xml = new StringBuilder("<apiStudioWrapper>");
        foreach (XPathNavigator node in (XPathNodeIterator)result)
        {
            xml.Append(node.NodeType is XPathNodeType.Element or XPathNodeType.Root or XPathNodeType.Comment
                ? node.OuterXml
                : XmlTexts.Escape(node.Value));
            // Matches may nest (//*): their copies can outgrow the document many times over.
            context.EnsureFits(ValueSize.OfText(xml.Length));
        }
        return DataContainer.Xml(xml.Append("</apiStudioWrapper>").ToString());
    }

    private static void Change(XmlNode node, string operation, string value, NodeContext context)
    {
        switch (operation)
        {
            case "set" when node is XmlElement or XmlAttribute or XmlCharacterData:
                if (node is XmlElement)
                {
                    node.InnerText = value;
                }
                else
                {
                    node.Value = value;
                }
                return;
            case "add" when node is XmlElement element:
                foreach (var child in XmlTexts.Fragment(value, element.OwnerDocument, context))
                {
                    element.AppendChild(child);
                }
                return;
            case "remove" when node is XmlAttribute attribute:
                attribute.OwnerElement?.RemoveAttributeNode(attribute);
                return;
            case "remove" when node.ParentNode is XmlElement parent:
                parent.RemoveChild(node);
                return;
            default:
                throw context.Error($"Cannot {operation} the {node.NodeType.ToString().ToLowerInvariant()} node '{node.Name}'.");
        }
    }
}
