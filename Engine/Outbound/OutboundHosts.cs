namespace ApiStudio.Engine.Outbound;

/// <summary>
/// The outbound allow-list (<c>ApiStudio:Outbound:AllowedHosts</c>, SPEC §16): exact host names or addresses, or
/// <c>*.example.com</c> for any subdomain of example.com. An empty list allows nothing.
/// </summary>
public static class OutboundHosts
{
    /// <summary>True when <paramref name="host"/> (a name or an address, without port) is on the list.</summary>
    public static bool IsAllowed(IReadOnlyList<string> allowed, string host)
    {
        var wanted = Normalise(host);
        if (wanted.Length == 0)
        {
            return false;
        }
        foreach (var entry in allowed)
        {
            var pattern = Normalise(entry);
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                // "*.example.com" matches "api.example.com" and "a.b.example.com", not "example.com" nor "badexample.com".
                if (wanted.Length > pattern.Length - 1 && wanted.EndsWith(pattern[1..], StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else if (pattern.Length > 0 && string.Equals(pattern, wanted, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Lower case, without IPv6 brackets or a trailing dot.</summary>
    private static string Normalise(string host)
    {
        var text = host.Trim().ToLowerInvariant();
        if (text.Length > 1 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }
        return text.TrimEnd('.');
    }
}
