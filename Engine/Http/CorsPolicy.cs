using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Cross-origin requests per application: the headers of actual responses
/// and the answer to an <c>OPTIONS</c> preflight. An origin that is not allowed gets no CORS header at all, so the
/// browser refuses the response; the server answers the same either way (CORS protects browsers, not the API).
/// </summary>
public static class CorsPolicy
{
    /// <summary>True for a CORS preflight: <c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey(HeaderNames.Origin)
        && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);

    /// <summary>Adds the CORS headers of an actual response (errors included, so that scripts can read them).</summary>
    public static void ApplyToResponse(HttpContext http, ApplicationSettings settings)
    {
        if (AllowedOrigin(http, settings) is not { } origin)
        {
            return;
        }
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        if (settings.CorsAllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
        if (settings.CorsExposedHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", settings.CorsExposedHeaders);
        }
    }

    /// <summary>
    /// Adds the headers of a preflight answer: the allowed origin, methods (configured, else
    /// <paramref name="methodsAtUri"/>), headers (configured, else those asked for), max age and credentials.
    /// </summary>
    public static void ApplyToPreflight(HttpContext http, ApplicationSettings settings, IReadOnlyList<string> methodsAtUri)
    {
        if (AllowedOrigin(http, settings) is not { } origin)
        {
            return;
        }
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowMethods = string.Join(", ",
            (settings.CorsAllowedMethods.Count > 0 ? settings.CorsAllowedMethods : methodsAtUri).Select(m => m.ToUpperInvariant()));
        var allowedHeaders = settings.CorsAllowedHeaders.Count > 0
            ? string.Join(", ", settings.CorsAllowedHeaders)
            : RequestedHeaders(http.Request);
        if (allowedHeaders.Length > 0)
        {
            headers.AccessControlAllowHeaders = allowedHeaders;
        }
        if (settings.CorsAllowedHeaders.Count == 0)
        {
            // The answer reflects the request's headers: a shared cache must keep one answer per list.
            headers.Append(HeaderNames.Vary, HeaderNames.AccessControlRequestHeaders);
        }
        if (settings.CorsMaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (settings.CorsAllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    /// <summary>
    /// The <c>Access-Control-Allow-Origin</c> value for this request, or null when CORS is off or the origin is not
    /// allowed. Adds <c>Vary: Origin</c> whenever the answer depends on the origin.
    /// </summary>
    private static string? AllowedOrigin(HttpContext http, ApplicationSettings settings)
    {
        if (settings.CorsOrigins.Count == 0)
        {
            return null;
        }
        var origin = http.Request.Headers.Origin.ToString();
        var any = settings.CorsOrigins.Contains("*");
        if (!any || settings.CorsAllowCredentials)
        {
            http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        }
        if (origin.Length == 0)
        {
            return null;
        }
        if (any)
        {
            // Browsers refuse "*" on credentialed requests: the origin itself is echoed instead.
            return settings.CorsAllowCredentials ? origin : "*";
        }
        foreach (var allowed in settings.CorsOrigins)
        {
            if (Matches(allowed, origin))
            {
                return origin;
            }
        }
        return null;
    }

    /// <summary>An allowed origin (exact, or <c>scheme://*.domain</c> for any subdomain) against the request's origin.</summary>
    private static bool Matches(string allowed, string origin)
    {
        allowed = allowed.TrimEnd('/');
        var star = allowed.IndexOf("://*.", StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase);
        }
        var scheme = allowed[..(star + 3)];
        var suffix = allowed[(star + 4)..];
        return origin.Length > scheme.Length + suffix.Length
            && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The headers a preflight asks for, reduced to header-name characters (nothing else is echoed).</summary>
    private static string RequestedHeaders(HttpRequest request)
    {
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        var names = requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kept = new List<string>(names.Length);
        foreach (var name in names)
        {
            if (name.Length <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                kept.Add(name);
            }
        }
        return string.Join(", ", kept);
    }
}
