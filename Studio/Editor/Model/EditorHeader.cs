using ApiStudio.Engine.Resources;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The header of the document being edited: name, description, account, application, appid, uri, method, ttl, queued, and
/// the <c>openapi</c> and <c>tests</c> values, kept as the loader read them. A key may be present with no value (as
/// written <c>name:</c>), which the validator reports differently from a missing key.
/// </summary>
public sealed class EditorHeader
{
    /// <summary>The header keys, in the order the writer puts them.</summary>
    public static readonly IReadOnlyList<string> KeyOrder =
        ["name", "description", "account", "application", "appid", "uri", "method", "ttl", "queued", "openapi", "tests"];

    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    internal EditorHeader()
    {
    }

    /// <summary>Human title.</summary>
    public string? Name => Get("name") as string;

    /// <summary>Description.</summary>
    public string? Description => Get("description") as string;

    /// <summary>Account name.</summary>
    public string? Account => Get("account") as string;

    /// <summary>Application name.</summary>
    public string? Application => Get("application") as string;

    /// <summary>ApiOpenStudio application id.</summary>
    public long? AppId => Get("appid") as long?;

    /// <summary>Path after <c>/api/{account}/{application}/</c>.</summary>
    public string? Uri => Get("uri") as string;

    /// <summary>HTTP method, lower-case.</summary>
    public string? Method => Get("method") as string;

    /// <summary>Cache time in seconds.</summary>
    public long? Ttl => Get("ttl") as long?;

    /// <summary>True when every call is queued (202 and a job).</summary>
    public bool? Queued => Get("queued") as bool?;

    /// <summary>The OpenAPI override as a plain value (read-only: change it with a command).</summary>
    public object? OpenApi => Get("openapi");

    /// <summary>The <c>tests</c> examples as a plain value (read-only: change it with a command).</summary>
    public object? Tests => Get("tests");

    /// <summary>The keys present, in writer order.</summary>
    public IReadOnlyList<string> Keys => KeyOrder.Where(_values.ContainsKey).ToList();

    /// <summary>True when <paramref name="key"/> is a header key.</summary>
    public static bool IsHeaderKey(string key) => KeyOrder.Contains(key, StringComparer.Ordinal);

    /// <summary>True when <paramref name="key"/> is present (possibly with no value).</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public object? Get(string key) => _values.GetValueOrDefault(key);

    internal static EditorHeader From(ResourceDocument document)
    {
        var header = new EditorHeader();
        foreach (var key in KeyOrder)
        {
            var value = ValueOf(document, key);
            if (value is not null || document.Keys.Contains(key))
            {
                header._values[key] = value;
            }
        }
        return header;
    }

    /// <summary>The value the loader read for <paramref name="key"/>.</summary>
    internal static object? ValueOf(ResourceDocument document, string key) => key switch
    {
        "name" => document.Name,
        "description" => document.Description,
        "account" => document.Account,
        "application" => document.Application,
        "appid" => document.AppId,
        "uri" => document.Uri,
        "method" => document.Method,
        "ttl" => document.Ttl,
        "queued" => document.Queued,
        "openapi" => document.OpenApi,
        "tests" => document.Tests,
        _ => throw new ArgumentException($"'{key}' is not a header key.", nameof(key)),
    };

    /// <summary>Sets a key (present: true) or removes it.</summary>
    internal void Put(string key, bool present, object? value)
    {
        if (present)
        {
            _values[key] = value;
        }
        else
        {
            _values.Remove(key);
        }
    }
}
