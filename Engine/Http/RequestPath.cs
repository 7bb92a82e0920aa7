using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ApiStudio.Engine.Http;

/// <summary>The uri segments of a request after <c>/{base}/{account}/{application}</c>, each percent-decoded once.</summary>
public static class RequestPath
{
    /// <summary>
    /// The segments after the first <paramref name="prefixSegments"/> ones. They are cut from the raw request target
    /// and decoded one by one, so an encoded slash (<c>%2F</c>) stays inside its segment and nothing is decoded twice;
    /// dot segments are resolved as the server resolved them. <paramref name="routePath"/> (the already decoded
    /// catch-all route value) is the fallback when there is no raw target.
    /// </summary>
    public static string[] SegmentsAfter(HttpContext http, int prefixSegments, string? routePath)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return (routePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        }
        var end = raw.AsSpan().IndexOfAny('?', '#');
        var parts = (end < 0 ? raw : raw[..end]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var segment = part.Contains('%') ? Uri.UnescapeDataString(part) : part;
            if (segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        if (segments.Count < prefixSegments)
        {
            return (routePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        }
        return segments.GetRange(prefixSegments, segments.Count - prefixSegments).ToArray();
    }
}
