namespace ApiStudio.Engine.Validation;

/// <summary>
/// The form of a resource uri: segments separated by <c>/</c>, each either literal (letters, digits and
/// <c>- . _ ~</c>) or a parameter <c>{name}</c> whose name is an identifier used once.
/// </summary>
internal static class UriRules
{
    /// <summary>Reports every problem of <paramref name="uri"/>; true when it is well formed.</summary>
    public static bool Check(string uri, ValidationReport report)
    {
        var errors = report.Errors.Count;
        if (string.Equals(uri, OpenApi.OpenApiDocuments.DocumentUri, StringComparison.OrdinalIgnoreCase))
        {
            // GET /api/{account}/{application}/openapi.json is the application's generated document: a resource
            // there would never be reached (the route matches case-insensitively, so every casing is reserved).
            report.Add(null, "uri", $"'uri' {uri} is reserved for the application's OpenAPI document.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in uri.Split('/'))
        {
            if (segment.Length == 0)
            {
                report.Add(null, "uri", $"'uri' has an empty segment: '{uri}'.");
            }
            else if (segment.Contains('{') || segment.Contains('}'))
            {
                var name = segment.Length > 2 && segment[0] == '{' && segment[^1] == '}' ? segment[1..^1] : null;
                if (name is null || !IsIdentifier(name))
                {
                    report.Add(null, "uri",
                        $"'uri' segment '{segment}' must be a whole parameter {{name}}, the name made of letters, digits and underscores and not starting with a digit.");
                }
                else if (!names.Add(name))
                {
                    report.Add(null, "uri", $"'uri' names the parameter '{name}' twice.");
                }
            }
            else if (segment is "." or "..")
            {
                report.Add(null, "uri", $"'uri' segment '{segment}' is not allowed.");
            }
            else if (FirstInvalid(segment) is { } invalid)
            {
                report.Add(null, "uri",
                    $"'uri' segment '{segment}' holds '{invalid}'; segments are made of letters, digits and - . _ ~.");
            }
        }
        return report.Errors.Count == errors;
    }

    private static bool IsIdentifier(string name)
    {
        if (char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    private static char? FirstInvalid(string segment)
    {
        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~'))
            {
                return c;
            }
        }
        return null;
    }
}
