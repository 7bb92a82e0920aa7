using System.Globalization;
using System.Net;

namespace ApiStudio.Engine.Outbound;

/// <summary>
/// The outbound allow-list (<c>ApiStudio:Outbound:AllowedHosts</c>): exact host names or addresses, or
/// <c>*.example.com</c> for any subdomain of example.com, each with an optional port — <c>api.example.com:8443</c>,
/// <c>*.example.com:8443</c>, <c>[::1]:8080</c>. An entry without a port allows only the default ports (80 for
/// http, 443 for https): listing a host must not open its other services. An empty list allows nothing.
/// </summary>
public static class OutboundHosts
{
    private const int HttpPort = 80;
    private const int HttpsPort = 443;

    /// <summary>True when the host and port of <paramref name="uri"/> (an absolute http or https address) are on the list.</summary>
    public static bool IsAllowed(IReadOnlyList<string> allowed, Uri uri) =>
        uri.IsAbsoluteUri && IsAllowed(allowed, uri.IdnHost, uri.Port, uri.Scheme);

    /// <summary>True when <paramref name="host"/> (a name or an address) on <paramref name="port"/> is on the list.</summary>
    public static bool IsAllowed(IReadOnlyList<string> allowed, string host, int port, string scheme)
    {
        var wanted = NormaliseHost(host);
        if (wanted.Length == 0)
        {
            return false;
        }
        var defaultPort = string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? HttpsPort : HttpPort;
        foreach (var entry in allowed)
        {
            if (Parse(entry) is not var (pattern, listedPort) || (listedPort ?? defaultPort) != port)
            {
                continue;
            }
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                // "*.example.com" matches "api.example.com" and "a.b.example.com", not "example.com" nor "badexample.com".
                if (wanted.Length > pattern.Length - 1 && wanted.EndsWith(pattern[1..], StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, wanted, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// An entry as host pattern and port (null = the default ports); null for an entry that allows nothing (empty, or
    /// a port that is not a number from 1 to 65535). An IPv6 address takes a port only in brackets: <c>[::1]:8080</c>.
    /// </summary>
    private static (string Host, int? Port)? Parse(string entry)
    {
        var text = entry.Trim();
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }
            host = text[..(close + 1)];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return null;
                }
                port = rest[1..];
            }
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && colon == text.LastIndexOf(':'))
        {
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        else
        {
            host = text; // no colon, or a bare IPv6 address (several colons, no port)
        }
        var pattern = NormaliseHost(host);
        if (pattern.Length == 0)
        {
            return null;
        }
        if (port is null)
        {
            return (pattern, null);
        }
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? (pattern, number)
            : null;
    }

    /// <summary>Lower case, without IPv6 brackets or a trailing dot.</summary>
    private static string NormaliseHost(string host)
    {
        var text = host.Trim().ToLowerInvariant();
        if (text.Length > 1 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }
        text = text.TrimEnd('.');
        // One spelling per address: "0:0:0:0:0:0:0:1" is "::1", as the address of a request is written.
        return IPAddress.TryParse(text, out var address) ? address.ToString() : text;
    }
}
