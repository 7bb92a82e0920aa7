using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ApiStudio.Engine.Resources;

/// <summary>
/// Moves a resource document to another application by rewriting its header: <c>account</c> and <c>application</c>
/// set, an ApiOpenStudio <c>appid</c> removed. YAML is edited in place (comments, order and layout of everything
/// else stay as written); JSON is re-indented.
/// </summary>
public static class HeaderRewriter
{
    /// <summary>The document text with <paramref name="account"/>/<paramref name="application"/> as its owner.</summary>
    /// <exception cref="ResourceLoadException">The text is not a document whose header can be edited.</exception>
    public static string SetApplication(string text, DocumentFormat format, string source, string account, string application)
    {
        if (format == DocumentFormat.Json || text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{'))
        {
            return RewriteJson(text, source, account, application);
        }
        return RewriteYaml(text, source, account, application);
    }

    private static string RewriteJson(string text, string source, string account, string application)
    {
        JObject root;
        try
        {
            root = JObject.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ResourceLoadException(source, SourcePosition.None, $"The header cannot be rewritten: {ex.Message}");
        }
        root.Remove("appid");
        foreach (var (key, value) in new[] { ("application", application), ("account", account) })
        {
            if (root.Property(key) is { } existing)
            {
                existing.Value = value;
            }
            else
            {
                root.AddFirst(new JProperty(key, value));
            }
        }
        return root.ToString(Formatting.Indented) + "\n";
    }

    private static string RewriteYaml(string text, string source, string account, string application)
    {
        var keys = TopLevelKeys(text, source);
        var edits = new List<(int Start, int End, string Replacement)>();
        foreach (var (name, value) in new[] { ("account", account), ("application", application) })
        {
            if (keys.TryGetValue(name, out var span))
            {
                edits.Add((span.ValueStart, span.ValueEnd, Quote(value)));
            }
        }
        if (keys.TryGetValue("appid", out var appid))
        {
            edits.Add((appid.KeyStart, EndOfLine(text, appid.ValueEnd), ""));
        }
        var missing = new StringBuilder();
        foreach (var (name, value) in new[] { ("account", account), ("application", application) })
        {
            if (!keys.ContainsKey(name))
            {
                missing.Append(name).Append(": ").Append(Quote(value)).Append('\n');
            }
        }
        if (missing.Length > 0)
        {
            var first = keys.Values.MinBy(k => k.KeyStart);
            edits.Add((first.KeyStart, first.KeyStart, missing.ToString() + new string(' ', first.Indent)));
        }
        var result = new StringBuilder(text);
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
        {
            result.Remove(start, end - start).Insert(start, replacement);
        }
        return result.ToString();
    }

    /// <summary>Where each key of the root mapping and its value are in the text.</summary>
    private static Dictionary<string, (int KeyStart, int ValueStart, int ValueEnd, int Indent)> TopLevelKeys(string text, string source)
    {
        var keys = new Dictionary<string, (int, int, int, int)>(StringComparer.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            var root = parser.Consume<MappingStart>();
            if (root.Style == MappingStyle.Flow)
            {
                throw new ResourceLoadException(source, SourcePosition.None,
                    "The header of a flow-style YAML document ({...}) cannot be rewritten; write it as block YAML or JSON.");
            }
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                var valueStart = (int)parser.Current!.Start.Index;
                var valueEnd = SkipNode(parser);
                keys[key.Value] = ((int)key.Start.Index, valueStart, valueEnd, (int)key.Start.Column - 1);
            }
        }
        catch (YamlException ex)
        {
            throw new ResourceLoadException(source, new SourcePosition((int)ex.Start.Line, (int)ex.Start.Column),
                $"The header cannot be rewritten: {ex.Message}");
        }
        if (keys.Count == 0)
        {
            throw new ResourceLoadException(source, SourcePosition.None, "The document has no header keys to rewrite.");
        }
        return keys;
    }

    /// <summary>Consumes one node (scalar, alias or a whole collection) and returns where it ends.</summary>
    private static int SkipNode(IParser parser)
    {
        var depth = 0;
        while (true)
        {
            var current = parser.Current!;
            parser.MoveNext();
            depth += current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            if (depth == 0)
            {
                return (int)current.End.Index;
            }
        }
    }

    private static int EndOfLine(string text, int index)
    {
        var end = index;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }
        if (end < text.Length && text[end] == '\r')
        {
            end++;
        }
        return end < text.Length && text[end] == '\n' ? end + 1 : index;
    }

    /// <summary>A double-quoted scalar: JSON string syntax is valid YAML and never mistaken for a number or boolean.</summary>
    private static string Quote(string value) => JsonConvert.ToString(value);
}
