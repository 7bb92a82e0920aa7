namespace ApiStudio.Engine.Processing;

/// <summary>
/// What a resource sets on its successful answer (the <c>response</c> processor): the status, headers to add and the
/// Content-Type. What is not set keeps its default: 200, no extra headers, the media type of the format sent.
/// An error answer ignores them: it has its own status and envelope.
/// </summary>
public sealed class ResponseSettings
{
    // Headers the engine writes itself, that frame the body, or that application settings own (CORS).
    private static readonly string[] Refused =
    [
        "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
        "Trailer", "TE", "Proxy-Connection", "Host", "X-Content-Type-Options", "X-Correlation-Id",
    ];

    private static readonly string[] RefusedPrefixes = ["Access-Control-", "X-ApiStudio-"];

    private readonly List<KeyValuePair<string, string>> _headers = [];

    /// <summary>True when <paramref name="name"/> is a header name (an HTTP token).</summary>
    public static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>True when <paramref name="text"/> can be a header value: visible ASCII, spaces and tabs (no line breaks).</summary>
    public static bool IsHeaderValue(string text) => text.All(c => c == '\t' || c is >= ' ' and <= '~');

    /// <summary>
    /// True when a resource or a script may set the header <paramref name="name"/>: not one the engine writes itself,
    /// that frames the body, or that the application's settings own (CORS, X-ApiStudio-*).
    /// </summary>
    public static bool MaySet(string name) =>
        !Refused.Any(refused => string.Equals(refused, name, StringComparison.OrdinalIgnoreCase))
        && !RefusedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The HTTP status of the answer, or null for 200.</summary>
    public int? Status { get; set; }

    /// <summary>The Content-Type of the answer, or null for the media type of the format sent.</summary>
    public string? ContentType { get; set; }

    /// <summary>Headers to add, in order; a name given again replaces the earlier values of that name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Sets a header to these values, replacing what an earlier node set under that name (case-insensitive).</summary>
    public void SetHeader(string name, IEnumerable<string> values)
    {
        _headers.RemoveAll(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));
        foreach (var value in values)
        {
            _headers.Add(new KeyValuePair<string, string>(name, value));
        }
    }
}
