using System.Globalization;
using System.Text;
using System.Xml;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Values;

/// <summary>
/// Converts XML text to plain values and plain values to XML text.
/// </summary>
/// <remarks>
/// <para>XML → plain:</para>
/// <list type="bullet">
/// <item>an attribute becomes a key prefixed <c>_</c> (<c>id="1"</c> → <c>_id</c>); text beside attributes or child
/// elements becomes the key <c>#text</c>; namespace declarations are dropped and names are local names;</item>
/// <item>an element holding only text becomes a string; <c>&lt;a&gt;&lt;/a&gt;</c> is the empty string and
/// <c>&lt;a/&gt;</c> is null;</item>
/// <item>repeated child elements become a list under their name; an element whose children are all
/// <c>&lt;item&gt;</c> (no attributes, no text) becomes a list;</item>
/// <item>the root <c>&lt;apiStudioWrapper&gt;</c> is unwrapped; any other root becomes a one-key map
/// <c>{root: value}</c>; names are decoded (<see cref="XmlConvert.DecodeName"/>);</item>
/// <item>every scalar is a string: XML text carries no type.</item>
/// </list>
/// <para>Plain → XML: the root is <c>&lt;apiStudioWrapper&gt;</c>; list items are <c>&lt;item&gt;</c>; a map key
/// prefixed <c>_</c> with a non-null scalar value becomes an attribute; <c>#text</c> with a scalar value becomes
/// text; other keys become child elements, their names encoded with <see cref="XmlConvert.EncodeLocalName"/>
/// (the empty key is written as <c>_x0000_</c>). Round trips plain → XML → plain keep maps and lists (scalars come
/// back as strings; empty lists and maps come back as null, and a map whose only key is <c>item</c> comes back as a
/// list — XML cannot tell these apart without type annotations).</para>
/// <para>Parsing is safe: DTDs are prohibited (no entities, no external resources), the document size is bounded,
/// nesting is limited to <see cref="MaxDepth"/>, and both directions are iterative.</para>
/// </remarks>
public static class XmlJsonConverter
{
    /// <summary>The root element of XML made from a non-XML value.</summary>
    public const string WrapperName = "apiStudioWrapper";

    /// <summary>The element of each list item.</summary>
    public const string ItemName = "item";

    /// <summary>The key of an element's text when it also has attributes or child elements.</summary>
    public const string TextKey = "#text";

    /// <summary>The prefix of keys that hold attributes.</summary>
    public const char AttributePrefix = '_';

    /// <summary>The deepest element nesting accepted when parsing.</summary>
    public const int MaxDepth = 256;

    /// <summary>The largest document accepted when parsing, in characters.</summary>
    public const long DefaultMaxCharacters = 16 * 1024 * 1024;

    /// <summary>The XML declaration written before every document.</summary>
    public const string Declaration = """<?xml version="1.0" encoding="utf-8"?>""";

    // The empty map key has no XML name; U+0000 can never be part of a real one, so its encoding stands in.
    private const string EmptyKeyName = "_x0000_";

    /// <summary>Parses XML text into a plain value.</summary>
    /// <exception cref="ApiException">Code 6, HTTP 400, with the parser's message, when the XML is malformed,
    /// has a DTD, is too large or too deep.</exception>
    public static object? ToPlain(string xml, string? nodeId = null, long maxCharacters = DefaultMaxCharacters) =>
        TryParse(xml, maxCharacters, out var plain, out var error)
            ? plain
            : throw new ApiException($"Invalid XML: {error}", ErrorCodes.InvalidInput, nodeId, 400);

    /// <summary>True when the text is one well-formed XML document that <see cref="ToPlain"/> accepts.</summary>
    public static bool IsWellFormed(string text) => TryParse(text, DefaultMaxCharacters, out _, out _);

    /// <summary>Writes a plain value as an XML document rooted at <c>&lt;apiStudioWrapper&gt;</c>.</summary>
    /// <exception cref="ApiException">Code 6, HTTP 400, when the data holds characters XML cannot represent.</exception>
    public static string ToXml(object? plain, string? nodeId = null)
    {
        var builder = new StringBuilder(Declaration);
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment };
        try
        {
            using (var writer = XmlWriter.Create(builder, settings))
            {
                Write(writer, plain);
            }
            return builder.ToString();
        }
        catch (ArgumentException ex)
        {
            throw new ApiException($"The data cannot be written as XML: {ex.Message}", ErrorCodes.InvalidInput, nodeId, 400);
        }
    }

    /// <summary>A scalar as XML (and HTML) text: invariant numbers, <c>true</c>/<c>false</c>, base64 for bytes.</summary>
    public static string ScalarText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        BinaryValue bin => Convert.ToBase64String(bin.Content),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static bool TryParse(string xml, long maxCharacters, out object? plain, out string? error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        plain = null;
        error = null;
        var open = new Stack<Frame>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (open.Count >= MaxDepth)
                        {
                            error = $"elements are nested deeper than {MaxDepth} levels.";
                            return false;
                        }
                        var frame = new Frame(reader.LocalName);
                        ReadAttributes(reader, frame);
                        if (reader.IsEmptyElement)
                        {
                            Close(open, frame, selfClosing: true, ref plain);
                        }
                        else
                        {
                            open.Push(frame);
                        }
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.SignificantWhitespace:
                        (open.Peek().Text ??= new StringBuilder()).Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement:
                        Close(open, open.Pop(), selfClosing: false, ref plain);
                        break;
                }
            }
            return true;
        }
        catch (XmlException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static void ReadAttributes(XmlReader reader, Frame frame)
    {
        if (!reader.HasAttributes)
        {
            return;
        }
        while (reader.MoveToNextAttribute())
        {
            // Namespace declarations are markup, not data.
            if (reader.Prefix == "xmlns" || (reader.Prefix.Length == 0 && reader.LocalName == "xmlns"))
            {
                continue;
            }
            (frame.Attributes ??= []).Add(new(AttributePrefix + Decode(reader.LocalName), reader.Value));
        }
        reader.MoveToElement();
    }

    private static void Close(Stack<Frame> open, Frame frame, bool selfClosing, ref object? root)
    {
        var value = frame.Build(selfClosing);
        if (open.Count > 0)
        {
            (open.Peek().Children ??= []).Add(new(frame.Name, value));
        }
        else
        {
            root = frame.Name == WrapperName ? value : new Map { [Decode(frame.Name)] = value };
        }
    }

    private static string Decode(string name)
    {
        var decoded = XmlConvert.DecodeName(name);
        return decoded == "\0" ? string.Empty : decoded;
    }

    private static string Encode(string key) => key.Length == 0 ? EmptyKeyName : XmlConvert.EncodeLocalName(key);

    private static void Write(XmlWriter writer, object? plain)
    {
        var work = new Stack<WriteStep>();
        work.Push(new WriteStep(WrapperName, plain));
        while (work.Count > 0)
        {
            var step = work.Pop();
            if (step.Name is null)
            {
                writer.WriteEndElement();
                continue;
            }
            var value = step.Value;
            while (value is DataContainer container)
            {
                value = container.ToPlain();
            }
            writer.WriteStartElement(step.Name);
            switch (value)
            {
                case null:
                    writer.WriteEndElement();
                    break;
                case Map map:
                    work.Push(WriteStep.End);
                    WriteMapContent(writer, map, work);
                    break;
                case List<object?> list:
                    work.Push(WriteStep.End);
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        work.Push(new WriteStep(ItemName, list[i]));
                    }
                    break;
                default:
                    var text = ScalarText(value);
                    writer.WriteString(text);
                    if (text.Length == 0)
                    {
                        // <a></a> is the empty string, <a/> is null.
                        writer.WriteFullEndElement();
                    }
                    else
                    {
                        writer.WriteEndElement();
                    }
                    break;
            }
        }
    }

    private static void WriteMapContent(XmlWriter writer, Map map, Stack<WriteStep> work)
    {
        string? text = null;
        var children = new List<WriteStep>();
        for (var i = 0; i < map.Count; i++)
        {
            var (key, value) = map.GetAt(i);
            var scalar = value is not null and not Map and not List<object?> and not DataContainer;
            if (scalar && key.Length > 1 && key[0] == AttributePrefix && key != "_xmlns")
            {
                writer.WriteAttributeString(Encode(key[1..]), ScalarText(value));
            }
            else if (scalar && key == TextKey)
            {
                text = ScalarText(value);
            }
            else
            {
                children.Add(new WriteStep(Encode(key), value));
            }
        }
        if (text is not null)
        {
            writer.WriteString(text);
        }
        for (var i = children.Count - 1; i >= 0; i--)
        {
            work.Push(children[i]);
        }
    }

    /// <summary>An element still open while parsing.</summary>
    private sealed class Frame(string name)
    {
        public string Name { get; } = name;

        public List<KeyValuePair<string, object?>>? Attributes { get; set; }

        public List<KeyValuePair<string, object?>>? Children { get; set; }

        public StringBuilder? Text { get; set; }

        public object? Build(bool selfClosing)
        {
            var text = Text?.ToString();
            if (Attributes is null && Children is null)
            {
                return text ?? (selfClosing ? null : string.Empty);
            }
            if (Attributes is null && text is null && AllItems(Children!))
            {
                var list = new List<object?>(Children!.Count);
                foreach (var child in Children!)
                {
                    list.Add(child.Value);
                }
                return list;
            }
            var map = new Map();
            if (Attributes is not null)
            {
                foreach (var (key, value) in Attributes)
                {
                    map[key] = value;
                }
            }
            if (text is not null)
            {
                map[TextKey] = text;
            }
            if (Children is not null)
            {
                AddChildren(map, Children);
            }
            return map;
        }

        private static bool AllItems(List<KeyValuePair<string, object?>> children)
        {
            foreach (var child in children)
            {
                if (child.Key != ItemName)
                {
                    return false;
                }
            }
            return true;
        }

        private static void AddChildren(Map map, List<KeyValuePair<string, object?>> children)
        {
            HashSet<string>? repeated = null;
            foreach (var (name, value) in children)
            {
                var key = Decode(name);
                if (!map.TryGetValue(key, out var existing))
                {
                    map[key] = value;
                }
                else if (repeated is not null && repeated.Contains(key))
                {
                    ((List<object?>)existing!).Add(value);
                }
                else
                {
                    // The second element of a name turns the entry into the list of all of them.
                    map[key] = new List<object?> { existing, value };
                    (repeated ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
                }
            }
        }
    }

    /// <summary>An element to write (Name set) or the end of the element being written (Name null).</summary>
    private readonly record struct WriteStep(string? Name, object? Value)
    {
        public static readonly WriteStep End = new(null, null);
    }
}
