using System.Globalization;
using ApiStudio.Engine.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ApiStudio.Engine.Resources;

/// <summary>
/// Writes a loaded resource document back as YAML or JSON (export, format conversion): the header keys in their
/// canonical order, then the trees with processor nodes as maps (<c>processor</c>, <c>id</c>, then the inputs).
/// Reading the output back gives the same document.
/// </summary>
public static class ResourceWriter
{
    /// <summary>The document as text in <paramref name="format"/>.</summary>
    public static string Write(ResourceDocument document, DocumentFormat format) => Write(ToPlain(document), format);

    /// <summary>A document's plain map (as <see cref="ToPlain(ResourceDocument)"/> gives it, changed or not) as text in <paramref name="format"/>.</summary>
    public static string Write(Map plain, DocumentFormat format) =>
        format == DocumentFormat.Json ? PlainJson.Serialize(plain, indented: true) + "\n" : ToYaml(plain);

    /// <summary>The document as a plain map (header keys in canonical order, absent keys left out).</summary>
    public static Map ToPlain(ResourceDocument document)
    {
        var map = new Map();
        Add(map, "name", document.Name);
        Add(map, "description", document.Description);
        Add(map, "account", document.Account);
        Add(map, "application", document.Application);
        Add(map, "appid", document.AppId);
        Add(map, "uri", document.Uri);
        Add(map, "method", document.Method);
        Add(map, "ttl", document.Ttl);
        Add(map, "queued", document.Queued);
        Add(map, "security", document.Security is null ? null : ToPlain(document.Security));
        if (document.Fragments.Count > 0)
        {
            map["fragments"] = new Map(document.Fragments.Select(f => new KeyValuePair<string, object?>(f.Key, ToPlain(f.Value))));
        }
        Add(map, "process", document.Process is null ? null : ToPlain(document.Process));
        Add(map, "output", document.Output is null ? null : ToPlain(document.Output));
        Add(map, "openapi", document.OpenApi);
        Add(map, "tests", document.Tests);
        return map;
    }

    /// <summary>An element as a plain value; a processor node becomes a map of <c>processor</c>, <c>id</c> and its inputs.</summary>
    public static object? ToPlain(Element element)
    {
        switch (element)
        {
            case LiteralElement literal:
                return literal.Value;
            case ListElement list:
                return list.Items.Select(ToPlain).ToList();
            case MapElement map:
                return new Map(map.Entries.Select(e => new KeyValuePair<string, object?>(e.Key, ToPlain(e.Value))));
            case NodeElement node:
                var plain = new Map { ["processor"] = node.Processor, ["id"] = node.Id };
                foreach (var (name, input) in node.Inputs)
                {
                    plain[name] = ToPlain(input);
                }
                return plain;
            default:
                throw new InvalidOperationException($"Unknown element {element.GetType().Name}.");
        }
    }

    /// <summary>A plain value as a YAML document (block style; strings quoted only where they would read back as another type).</summary>
    public static string ToYaml(object? value)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        // Iterative, like the readers: a deeply nested document must not overflow the stack on the way out either.
        var work = new Stack<object?>();
        work.Push(value);
        while (work.Count > 0)
        {
            switch (work.Pop())
            {
                case ParsingEvent end:
                    emitter.Emit(end);
                    break;
                case Map map:
                    emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                    work.Push(new MappingEnd());
                    for (var i = map.Count - 1; i >= 0; i--)
                    {
                        var (key, item) = map.GetAt(i);
                        work.Push(item);
                        work.Push(new Key(key));
                    }
                    break;
                case List<object?> list:
                    emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                    work.Push(new SequenceEnd());
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        work.Push(list[i]);
                    }
                    break;
                case Key key:
                    emitter.Emit(StringScalar(key.Name));
                    break;
                case var scalar:
                    emitter.Emit(Scalar(scalar));
                    break;
            }
        }
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Add(Map map, string key, object? value)
    {
        if (value is not null)
        {
            map[key] = value;
        }
    }

    private static Scalar Scalar(object? value) => value switch
    {
        null => PlainScalar("null"),
        bool b => PlainScalar(b ? "true" : "false"),
        long l => PlainScalar(l.ToString(CultureInfo.InvariantCulture)),
        double d => PlainScalar(FloatText(d)),
        string s => StringScalar(s),
        _ => StringScalar(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string FloatText(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // "2" would read back as an integer.
        return text.Contains('.') || text.Contains('E') || text.Contains('e') ? text : text + ".0";
    }

    private static Scalar PlainScalar(string text) => new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    /// <summary>A string, plain when it reads back as the same string, else double-quoted ("123", "true", "").</summary>
    private static Scalar StringScalar(string text) =>
        YamlElementReader.ResolvePlain(text) is string && !text.Contains('\n')
            ? new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Any, true, true)
            : new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.DoubleQuoted, false, true);

    private sealed record Key(string Name);
}
