using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Values;

namespace ApiStudio.Studio.TryIt;

/// <summary>How the body of a try is sent.</summary>
public enum BodyKind
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>, written as <c>name=value&amp;other=value</c>.</summary>
    Form,

    /// <summary><c>text/plain</c>.</summary>
    Text,
}

/// <summary>One editable name and value: a uri argument, a query variable or a header.</summary>
public sealed class NameValue
{
    /// <summary>The name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The value.</summary>
    public string Value { get; set; } = "";
}

/// <summary>
/// The request a designer composes to try a resource: the target, method, the uri's <c>{name}</c> arguments, the
/// query, headers and body. Turns into the engine's <see cref="LocalRequest"/> and into the <c>request</c> of a
/// <c>tests:</c> example that sends the same.
/// </summary>
public sealed class TryItForm
{
    /// <summary>The methods a resource (and an example) may have.</summary>
    public static readonly IReadOnlyList<string> Methods = ["get", "post", "put", "patch", "delete"];

    private readonly List<NameValue> _arguments = [];

    /// <summary>The draft or the published version.</summary>
    public LocalTarget Target { get; set; } = LocalTarget.Draft;

    /// <summary>The HTTP method, lower-case.</summary>
    public string Method { get; set; } = "get";

    /// <summary>The resource's uri, the template of the path (<c>todo/{key}</c>).</summary>
    public string Uri { get; private set; } = "";

    /// <summary>One value per <c>{name}</c> segment of <see cref="Uri"/>, in order.</summary>
    public IReadOnlyList<NameValue> Arguments => _arguments;

    /// <summary>Segments sent after the uri (<c>a/b</c>), as positional arguments.</summary>
    public string Extra { get; set; } = "";

    /// <summary>Query variables; rows without a name are left out.</summary>
    public List<NameValue> Query { get; } = [];

    /// <summary>Request headers; rows without a name are left out.</summary>
    public List<NameValue> Headers { get; } = [];

    /// <summary>The body as typed; empty sends none.</summary>
    public string Body { get; set; } = "";

    /// <summary>How the body is sent.</summary>
    public BodyKind BodyKind { get; set; } = BodyKind.Json;

    /// <summary>Send as the signed-in designer (their token), so the resource's security sees them.</summary>
    public bool AsMe { get; set; } = true;

    /// <summary>The names of the <c>{name}</c> segments of a uri, in order.</summary>
    public static IReadOnlyList<string> ArgumentNames(string? uri) =>
        Segments(uri).Where(IsArgument).Select(s => s[1..^1]).ToList();

    /// <summary>
    /// Takes a resource's uri and method: an argument field per <c>{name}</c> segment, keeping the values typed for
    /// names that stay; the method becomes the resource's.
    /// </summary>
    public void UseResource(string? uri, string? method)
    {
        var typed = _arguments.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        Uri = string.Join('/', Segments(uri));
        _arguments.Clear();
        _arguments.AddRange(ArgumentNames(Uri).Select(name => new NameValue { Name = name, Value = typed.GetValueOrDefault(name) ?? "" }));
        if (method?.Trim().ToLowerInvariant() is { } lower && Methods.Contains(lower))
        {
            Method = lower;
        }
    }

    /// <summary>The path after the application, percent-encoded, with the query (<c>todo/4%202?lang=en</c>).</summary>
    public string Path
    {
        get
        {
            var values = _arguments.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var segments = Segments(Uri).Select(s => IsArgument(s) ? System.Uri.EscapeDataString(values.GetValueOrDefault(s[1..^1]) ?? "") : s)
                .Concat(ExtraSegments().Select(System.Uri.EscapeDataString));
            var path = new StringBuilder(string.Join('/', segments));
            var separator = '?';
            foreach (var (name, value) in Named(Query))
            {
                path.Append(separator).Append(System.Uri.EscapeDataString(name)).Append('=').Append(System.Uri.EscapeDataString(value));
                separator = '&';
            }
            return path.ToString();
        }
    }

    /// <summary>The body's media type.</summary>
    public string ContentType => BodyKind switch
    {
        BodyKind.Form => "application/x-www-form-urlencoded",
        BodyKind.Text => "text/plain",
        _ => "application/json",
    };

    /// <summary>The engine's request for this form, with the per-node trace asked for.</summary>
    public LocalRequest ToRequest() => new()
    {
        Method = Method.ToUpperInvariant(),
        Path = Path,
        Headers = Named(Headers).ToList(),
        Body = Body.Length == 0 ? null : Encoding.UTF8.GetBytes(Body),
        ContentType = Body.Length == 0 ? null : ContentType,
        Trace = true,
        AsCaller = AsMe,
    };

    /// <summary>
    /// The <c>request</c> of a <c>tests:</c> example sending what this form sends (as
    /// <see cref="ApiStudio.Engine.Testing.ResourceExample.Parse"/> reads it). An example runs anonymously unless it
    /// names credentials, so "as me" is not part of it.
    /// </summary>
    public Map ToExampleRequest()
    {
        var request = new Map { ["method"] = Method };
        if (_arguments.Count > 0)
        {
            request["params"] = new Map(_arguments.Select(a => KeyValuePair.Create(a.Name, (object?)a.Value)));
        }
        var extra = ExtraSegments();
        if (extra.Count > 0)
        {
            request["uri_args"] = extra.Cast<object?>().ToList();
        }
        if (Query.Any(q => q.Name.Length > 0))
        {
            var query = new Map();
            foreach (var (name, value) in Named(Query))
            {
                query[name] = query.TryGetValue(name, out var before)
                    ? before is List<object?> list ? [.. list, value] : new List<object?> { before, value }
                    : value;
            }
            request["query"] = query;
        }
        if (Headers.Any(h => h.Name.Length > 0))
        {
            request["headers"] = new Map(Named(Headers).Select(h => KeyValuePair.Create(h.Key, (object?)h.Value)));
        }
        if (Body.Length > 0)
        {
            AddBody(request);
        }
        return request;
    }

    /// <summary>
    /// The body as the example runner sends it back: JSON that is not a string as its value (sent as JSON), anything
    /// else as text with its media type (text without one is sent as <c>text/plain</c>).
    /// </summary>
    private void AddBody(Map request)
    {
        if (BodyKind == BodyKind.Json && PlainJson.TryParse(Body, out var value) && value is not string)
        {
            request["body"] = value;
            return;
        }
        request["body"] = Body;
        if (BodyKind != BodyKind.Text)
        {
            request["content_type"] = ContentType;
        }
    }

    private List<string> ExtraSegments() => Extra.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static IEnumerable<KeyValuePair<string, string>> Named(IEnumerable<NameValue> rows) =>
        rows.Where(r => r.Name.Trim().Length > 0).Select(r => KeyValuePair.Create(r.Name.Trim(), r.Value));

    private static string[] Segments(string? uri) => (uri ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsArgument(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
}
