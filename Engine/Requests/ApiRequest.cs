using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Requests;

/// <summary>
/// The request as processors see it, independent of the HTTP host. Variable maps hold strings, or lists of
/// strings for repeated keys; header names are case-insensitive.
/// </summary>
public sealed class ApiRequest
{
    /// <summary>No variables (shared: never written).</summary>
    public static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>No files (shared: never written).</summary>
    public static readonly IReadOnlyDictionary<string, BinaryValue> NoFiles = new Dictionary<string, BinaryValue>(StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string> NoStrings = new Dictionary<string, string>(StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The HTTP method, lower-case.</summary>
    public string Method { get; init; } = "get";

    /// <summary>The request uri after the application (no leading slash).</summary>
    public string Uri { get; init; } = "";

    /// <summary>Query-string variables.</summary>
    public IReadOnlyDictionary<string, object?> Query { get; init; } = NoVariables;

    /// <summary>Form variables (url-encoded or multipart fields; the host adds the fields of a JSON object body).</summary>
    public IReadOnlyDictionary<string, object?> Post { get; init; } = NoVariables;

    /// <summary>Request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>Positional URI arguments: the segments after the matched uri prefix.</summary>
    public IReadOnlyList<string> UriArguments { get; init; } = [];

    /// <summary>Named URI arguments: the values of <c>{name}</c> segments.</summary>
    public IReadOnlyDictionary<string, string> UriKeys { get; init; } = NoStrings;

    /// <summary>The raw body text, if any.</summary>
    public string? Body { get; init; }

    /// <summary>The body parsed, when it is JSON (plain values), so it is parsed once per request; null otherwise.</summary>
    public object? Json { get; init; }

    /// <summary>The body's media type (without parameters), if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// The client's address: the connection's remote address (behind a proxy, what the host's forwarded-headers
    /// configuration makes of it); null when unknown.
    /// </summary>
    public string? ClientAddress { get; init; }

    /// <summary>Uploaded files by form field name.</summary>
    public IReadOnlyDictionary<string, BinaryValue> Files { get; init; } = NoFiles;
}
