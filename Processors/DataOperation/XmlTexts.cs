using System.Security;
using System.Xml;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.DataOperation;

/// <summary>
/// Safe XML parsing for <c>xml_path</c>: DTDs are prohibited and nothing external is resolved, so entity expansion
/// ("billion laughs") and external entities (XXE) cannot happen; malformed XML is a code-6 error.
/// </summary>
public static class XmlTexts
{
    /// <summary>Longest XML text accepted, in characters.</summary>
    public const long MaxCharacters = 16 * 1024 * 1024;

    // Estimated bytes of a DOM node (element, text, attribute), per '<' or '=' in the text.
    private const long NodeBytes = 128;

    /// <summary>Parses a whole XML document, once its DOM is estimated to fit in the request's memory budget.</summary>
    public static XmlDocument Load(string xml, string inputName, NodeContext context)
    {
        context.EnsureFits(ValueSize.OfParsedText(xml, NodeBytes, '<', '='));
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings(ConformanceLevel.Document));
            document.Load(reader);
            return document;
        }
        catch (XmlException ex)
        {
            throw context.Error($"Input '{inputName}' is not well-formed XML: {ex.Message}");
        }
    }

    /// <summary>Parses an XML fragment (elements and text) into nodes owned by <paramref name="owner"/>.</summary>
    public static List<XmlNode> Fragment(string xml, XmlDocument owner, NodeContext context)
    {
        var nodes = new List<XmlNode>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings(ConformanceLevel.Fragment));
            reader.MoveToContent();
            while (!reader.EOF)
            {
                var node = owner.ReadNode(reader);
                if (node is null)
                {
                    break;
                }
                nodes.Add(node);
            }
            return nodes;
        }
        catch (XmlException ex)
        {
            throw context.Error($"Input 'value' is not a well-formed XML fragment: {ex.Message}");
        }
    }

    /// <summary>Text escaped for use as XML element content.</summary>
    public static string Escape(string text) => SecurityElement.Escape(text);

    private static XmlReaderSettings Settings(ConformanceLevel level) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        ConformanceLevel = level,
    };
}
