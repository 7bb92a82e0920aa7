namespace ApiStudio.Engine.Processing;

/// <summary>
/// What a resource sets on its successful answer (the <c>response</c> processor): the status, headers to add and the
/// Content-Type. What is not set keeps its default: 200, no extra headers, the media type of the format sent.
/// An error answer ignores them: it has its own status and envelope.
/// </summary>
public sealed class ResponseSettings
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

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
