using System.Globalization;
using System.Text;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Resources;

/// <summary>The syntax of a resource document.</summary>
public enum DocumentFormat
{
    /// <summary>YAML (also accepts JSON, which is YAML too, but JSON is read by the JSON reader for exact positions).</summary>
    Yaml,

    /// <summary>JSON.</summary>
    Json,
}

/// <summary>
/// Loads resource documents from YAML or JSON into one model, enforcing the document limits while reading:
/// size, node count, depth, alias expansion and duplicate keys fail with a <see cref="ResourceLoadException"/>
/// naming the source and position. Rules about the content are the validator's.
/// </summary>
public static class ResourceLoader
{
    private static readonly string[] HeaderKeys =
        ["name", "description", "account", "application", "appid", "uri", "method", "ttl", "queued", "security", "fragments",
         "process", "output", "openapi", "tests"];

    /// <summary>Loads a file; the format follows the extension (<c>.json</c> → JSON, anything else YAML).</summary>
    public static ResourceDocument LoadFile(string path, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ResourceLoadException(path, SourcePosition.None, "File not found.");
        }
        if (info.Length > limits.MaxBytes)
        {
            throw TooLarge(path, info.Length, limits);
        }
        return Load(File.ReadAllText(path, Encoding.UTF8), path, FormatOf(path), limits);
    }

    /// <summary>The format a file name implies.</summary>
    public static DocumentFormat FormatOf(string path) =>
        string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase) ? DocumentFormat.Json : DocumentFormat.Yaml;

    /// <summary>
    /// Loads a document from text. With no format given, text starting with <c>{</c> is read as JSON, else YAML.
    /// </summary>
    public static ResourceDocument Load(string text, string source, DocumentFormat? format = null, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        if (text.Length > limits.MaxBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
        {
            throw TooLarge(source, Encoding.UTF8.GetByteCount(text), limits);
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        format ??= text.TrimStart().StartsWith('{') ? DocumentFormat.Json : DocumentFormat.Yaml;
        var root = format == DocumentFormat.Json
            ? JsonElementReader.Read(text, source, limits)
            : YamlElementReader.Read(text, source, limits);
        return ToDocument(root, source);
    }

    private static ResourceDocument ToDocument(Element root, string source)
    {
        if (root is not MapElement map)
        {
            throw new ResourceLoadException(source, root.Position,
                "A resource document must be a map of header keys (name, description, uri, method, ttl, process, ...).");
        }
        var errors = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in map.Entries)
        {
            keys.Add(key);
            if (Array.IndexOf(HeaderKeys, key) < 0)
            {
                errors.Add($"Unknown key '{key}' (allowed: {string.Join(", ", HeaderKeys)}).");
            }
        }
        var fragments = new List<KeyValuePair<string, Element>>();
        switch (map.Get("fragments"))
        {
            case null:
            case LiteralElement { Value: null }:
                break;
            case MapElement fragmentMap:
                fragments.AddRange(fragmentMap.Entries);
                break;
            default:
                errors.Add("'fragments' must be a map of fragment name to node or literal.");
                break;
        }
        return new ResourceDocument
        {
            Source = source,
            Keys = keys,
            Name = Text(map, "name", errors),
            Description = Text(map, "description", errors),
            Account = Text(map, "account", errors),
            Application = Text(map, "application", errors),
            AppId = Integer(map, "appid", errors),
            Uri = Text(map, "uri", errors)?.Trim().Trim('/'),
            Method = Text(map, "method", errors)?.Trim().ToLowerInvariant(),
            Ttl = Integer(map, "ttl", errors),
            Queued = Boolean(map, "queued", errors),
            Security = map.Get("security"),
            Fragments = fragments,
            Process = map.Get("process"),
            Output = map.Get("output"),
            OpenApi = Plain(map.Get("openapi"), "openapi", errors),
            Tests = Plain(map.Get("tests"), "tests", errors),
            HeaderErrors = errors,
        };
    }

    private static string? Text(MapElement map, string key, List<string> errors)
    {
        switch (map.Get(key))
        {
            case null:
            case LiteralElement { Value: null }:
                return null;
            case LiteralElement { Value: string s }:
                return s;
            case LiteralElement { Value: long or double or bool } literal:
                return Convert.ToString(literal.Value, CultureInfo.InvariantCulture)!.ToLowerInvariant();
            default:
                errors.Add($"'{key}' must be text.");
                return null;
        }
    }

    private static long? Integer(MapElement map, string key, List<string> errors)
    {
        switch (map.Get(key))
        {
            case null:
            case LiteralElement { Value: null }:
                return null;
            case LiteralElement { Value: long l }:
                return l;
            case LiteralElement { Value: string s } when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                errors.Add($"'{key}' must be an integer.");
                return null;
        }
    }

    private static bool? Boolean(MapElement map, string key, List<string> errors)
    {
        switch (map.Get(key))
        {
            case null:
            case LiteralElement { Value: null }:
                return null;
            case LiteralElement { Value: bool b }:
                return b;
            default:
                errors.Add($"'{key}' must be true or false.");
                return null;
        }
    }

    private static object? Plain(Element? element, string key, List<string> errors)
    {
        if (element is null)
        {
            return null;
        }
        try
        {
            return Processing.ResourcePlanner.ToPlain(element);
        }
        catch (InvalidOperationException)
        {
            errors.Add($"'{key}' must not hold processor nodes.");
            return null;
        }
    }

    private static ResourceLoadException TooLarge(string source, long bytes, DocumentLimits limits) =>
        new(source, SourcePosition.None,
            $"The document is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes; the limit is {limits.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
}
