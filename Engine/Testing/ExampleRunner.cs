using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Testing;

/// <summary>The outcome of one example of a resource's <c>tests:</c>.</summary>
/// <param name="Name">The example's name.</param>
/// <param name="Failures">What did not match, one sentence each; empty when it passed.</param>
public sealed record ExampleResult(string Name, IReadOnlyList<string> Failures)
{
    /// <summary>True when every expectation was met.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Runs a resource's examples over HTTP against a running host (the real pipeline: routing, body reading, security,
/// envelopes) and compares the answers with the expectations.
/// </summary>
public static class ExampleRunner
{
    private const int MaxShownBody = 400;

    /// <summary>
    /// Sends one example to <paramref name="resource"/> and returns what did not match (empty when it passed).
    /// </summary>
    /// <param name="client">A client whose base address is the host.</param>
    /// <param name="basePath">The API base path (<c>api</c>).</param>
    /// <param name="resource">The resource the example belongs to.</param>
    /// <param name="wrap">Whether the application wraps answers in <c>{"result", "data"}</c>.</param>
    /// <param name="example">The example.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public static async Task<IReadOnlyList<string>> RunAsync(HttpClient client, string basePath, PreparedResource resource, bool wrap,
        ResourceExample example, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        var path = PathOf(resource, example.Request, failures);
        if (path is null)
        {
            return failures;
        }
        using var request = new HttpRequestMessage(new HttpMethod((example.Request.Method ?? resource.Method).ToUpperInvariant()),
            $"{basePath.Trim('/')}/{Uri.EscapeDataString(resource.Account)}/{Uri.EscapeDataString(resource.Application)}/{path}{Query(example.Request)}");
        if (example.Request.HasBody)
        {
            request.Content = Body(example.Request);
        }
        foreach (var (name, value) in example.Request.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var expect = example.Expect;
        if ((int)response.StatusCode != expect.Status)
        {
            failures.Add($"expected status {expect.Status}, got {(int)response.StatusCode}: {Shorten(body)}");
        }
        foreach (var text in expect.BodyContains)
        {
            if (!body.Contains(text, StringComparison.Ordinal))
            {
                failures.Add($"expected the body to contain {PlainJson.Serialize(text)}: {Shorten(body)}");
            }
        }
        if (expect.HasData)
        {
            CompareData(body, wrap, expect.Data, failures);
        }
        return failures;
    }

    private static void CompareData(string body, bool wrap, object? expected, List<string> failures)
    {
        if (!PlainJson.TryParse(body, out var parsed))
        {
            failures.Add($"expected JSON data {PlainJson.Serialize(expected)}, but the body is not JSON: {Shorten(body)}");
            return;
        }
        object? actual = parsed;
        if (wrap)
        {
            if (parsed is not Map envelope || !envelope.TryGetValue("data", out actual))
            {
                failures.Add($"expected the envelope {{\"result\", \"data\"}}: {Shorten(body)}");
                return;
            }
        }
        if (!PlainValues.Equal(expected, actual))
        {
            failures.Add($"expected data {PlainJson.Serialize(expected)}, got {Shorten(PlainJson.Serialize(actual))}");
        }
    }

    /// <summary>The path after the application: the given one, or the uri with its parameters filled and the arguments appended.</summary>
    private static string? PathOf(PreparedResource resource, ExampleRequest request, List<string> failures)
    {
        if (request.Path is { } given)
        {
            return given;
        }
        var segments = new List<string>();
        foreach (var segment in resource.Uri.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
            {
                var name = segment[1..^1];
                if (!request.Params.TryGetValue(name, out var value))
                {
                    failures.Add($"'request.params' has no value for the uri segment {segment}.");
                    return null;
                }
                segments.Add(Uri.EscapeDataString(value));
            }
            else
            {
                segments.Add(segment);
            }
        }
        segments.AddRange(request.UriArgs.Select(Uri.EscapeDataString));
        return string.Join('/', segments);
    }

    private static string Query(ExampleRequest request)
    {
        if (request.Query.Count == 0)
        {
            return "";
        }
        var query = new StringBuilder("?");
        foreach (var (name, value) in request.Query)
        {
            if (query.Length > 1)
            {
                query.Append('&');
            }
            query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return query.ToString();
    }

    private static HttpContent Body(ExampleRequest request)
    {
        var mediaType = request.ContentType;
        if (request.Body is string text && mediaType is null)
        {
            return new StringContent(text, Encoding.UTF8, "text/plain");
        }
        if (string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && request.Body is Map fields)
        {
            return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, FormValue(f.Value))));
        }
        var content = request.Body is string raw ? raw : PlainJson.Serialize(request.Body);
        var result = new StringContent(content, Encoding.UTF8);
        result.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType ?? "application/json");
        return result;
    }

    private static string FormValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        long or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => PlainJson.Serialize(value),
    };

    private static string Shorten(string text) =>
        text.Length <= MaxShownBody ? text : text[..MaxShownBody] + "...";
}
