using System.Collections;
using System.Text;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// Moves values between the editor's mutable tree and the engine's <see cref="Element"/>s. Values typed in the editor
/// (plain values, clipboard text) are read by the engine's own loader, so a value means in the editor what it will
/// mean once written (a map with <c>processor</c> and <c>id</c> is a node, <c>"5"</c> is text, 5 an integer).
/// </summary>
internal static class EditorElements
{
    /// <summary>The key a value is wrapped under to be read as a document by the loader.</summary>
    private const string WrapperKey = "process";

    /// <summary>A fresh editor tree of <paramref name="element"/>.</summary>
    public static EditorValue FromElement(Element element)
    {
        switch (element)
        {
            case NodeElement node:
                var editorNode = new EditorNode(node.Processor, node.Id);
                AddEntries(editorNode, editorNode.InputList, node.Inputs);
                return editorNode;
            case ListElement list:
                var editorList = new EditorList();
                foreach (var item in list.Items)
                {
                    var value = FromElement(item);
                    value.AttachTo(editorList, null, editorList.ItemList.Count);
                    editorList.ItemList.Add(value);
                }
                return editorList;
            case MapElement map:
                var editorMap = new EditorMap();
                AddEntries(editorMap, editorMap.EntryList, map.Entries);
                return editorMap;
            case LiteralElement literal:
                return new EditorLiteral(literal.Value);
            default:
                throw new InvalidOperationException($"Unknown element {element.GetType().Name}.");
        }
    }

    private static void AddEntries(EditorValue container, KeyedValues entries, IReadOnlyList<KeyValuePair<string, Element>> elements)
    {
        foreach (var (key, element) in elements)
        {
            var value = FromElement(element);
            value.AttachTo(container, key, 0);
            entries.Insert(entries.Count, key, value);
        }
    }

    /// <summary>The engine element of an editor tree.</summary>
    public static Element ToElement(EditorValue value) => value switch
    {
        EditorNode node => new NodeElement(node.Processor, node.Id, Pairs(node.InputList)),
        EditorList list => new ListElement(list.ItemList.Select(ToElement).ToList()),
        EditorMap map => new MapElement(Pairs(map.EntryList)),
        EditorLiteral literal => new LiteralElement(literal.Value),
        _ => throw new InvalidOperationException($"Unknown value {value.GetType().Name}."),
    };

    /// <summary>An editor tree as a plain value (nodes as maps of <c>processor</c>, <c>id</c> and inputs).</summary>
    public static object? ToPlain(EditorValue value) => ResourceWriter.ToPlain(ToElement(value));

    /// <summary>
    /// Reads a plain value (null, a boolean, a number, a text, a list or a map) as the loader would read it written
    /// in a document; null with <paramref name="error"/> when it cannot be written.
    /// </summary>
    public static Element? ReadPlain(object? plain, out string? error)
    {
        object? normalized;
        try
        {
            normalized = Normalize(plain);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
        var text = ResourceWriter.ToYaml(new Map { [WrapperKey] = normalized });
        return Read(text, 0, out _, out error);
    }

    /// <summary>
    /// Reads a value written as YAML or JSON (a sub-tree copied from a document); null with the problem and its
    /// position in <paramref name="text"/> when it cannot be read.
    /// </summary>
    public static Element? ReadText(string text, out SourcePosition position, out string? error)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd().Split('\n');
        var wrapped = new StringBuilder(WrapperKey).Append(":\n");
        foreach (var line in lines)
        {
            wrapped.Append("  ").Append(line).Append('\n');
        }
        return Read(wrapped.ToString(), 1, out position, out error);
    }

    /// <summary>
    /// Reads a header value as the loader reads it written under <paramref name="key"/> (a text trimmed or
    /// lower-cased where the loader does so, a number given as text read as a number); false with the loader's
    /// message when it refuses the value.
    /// </summary>
    public static bool ReadHeader(string key, object? value, out object? read, out string? error)
    {
        read = null;
        try
        {
            var document = ResourceLoader.Load(ResourceWriter.ToYaml(new Map { [key] = Normalize(value) }), "header", DocumentFormat.Yaml);
            error = document.HeaderErrors.Count > 0 ? document.HeaderErrors[0] : null;
            read = EditorHeader.ValueOf(document, key);
        }
        catch (Exception ex) when (ex is ResourceLoadException or ArgumentException)
        {
            error = ex is ResourceLoadException load ? load.Reason : ex.Message;
        }
        return error is null;
    }

    private static Element? Read(string text, int linesAdded, out SourcePosition position, out string? error)
    {
        try
        {
            var document = ResourceLoader.Load(text, "value", DocumentFormat.Yaml);
            position = SourcePosition.None;
            error = null;
            return document.Process ?? new LiteralElement(null);
        }
        catch (ResourceLoadException ex)
        {
            var at = ex.Position;
            position = at.Line > linesAdded
                ? new SourcePosition(at.Line - linesAdded, Math.Max(1, at.Column - 2 * linesAdded))
                : SourcePosition.None;
            error = ex.Reason;
            return null;
        }
    }

    /// <summary>Integers as long, other numbers as double, dictionaries as maps, sequences as lists.</summary>
    private static object? Normalize(object? value) => value switch
    {
        null or bool or long or double or string => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal d => (double)d,
        char c => c.ToString(),
        IDictionary<string, object?> map => new Map(map.Select(e => new KeyValuePair<string, object?>(e.Key, Normalize(e.Value)))),
        IDictionary map => new Map(map.Keys.Cast<object>().Select(k =>
            new KeyValuePair<string, object?>(Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!, Normalize(map[k])))),
        IEnumerable items => items.Cast<object?>().Select(Normalize).ToList(),
        _ => throw new ArgumentException($"A literal is a text, a number, a boolean, null, a list or a map; not {value.GetType().Name}."),
    };

    private static List<KeyValuePair<string, Element>> Pairs(KeyedValues values)
    {
        var pairs = new List<KeyValuePair<string, Element>>(values.Count);
        foreach (var (key, value) in values.Pairs)
        {
            pairs.Add(new KeyValuePair<string, Element>(key, ToElement(value)));
        }
        return pairs;
    }
}
