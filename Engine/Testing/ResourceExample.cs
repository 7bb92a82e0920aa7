using System.Globalization;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Testing;

/// <summary>The request of an example: what is sent to the resource.</summary>
/// <param name="Method">The HTTP method; null = the resource's method.</param>
/// <param name="Path">The whole path after <c>/api/{account}/{application}/</c>; null = the uri with
/// <see cref="Params"/> and <see cref="UriArgs"/>.</param>
/// <param name="Params">Values of the uri's <c>{name}</c> segments.</param>
/// <param name="UriArgs">Positional segments appended after the uri.</param>
/// <param name="Query">Query variables, in order (a list value gives the key once per item).</param>
/// <param name="Headers">Request headers.</param>
/// <param name="HasBody">True when a body is given (it may be null, sent as JSON <c>null</c>).</param>
/// <param name="Body">The body: text is sent as is, anything else as JSON (or a form when <see cref="ContentType"/> says so).</param>
/// <param name="ContentType">The body's media type; default <c>application/json</c> (<c>text/plain</c> for text).</param>
public sealed record ExampleRequest(
    string? Method,
    string? Path,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<string> UriArgs,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    bool HasBody,
    object? Body,
    string? ContentType);

/// <summary>What an example expects of the response.</summary>
/// <param name="Status">The HTTP status (default 200).</param>
/// <param name="HasData">True when <see cref="Data"/> is to be compared (it may be null).</param>
/// <param name="Data">The expected value: the envelope's <c>data</c>, or the whole JSON body of an unwrapped application.</param>
/// <param name="BodyContains">Texts the raw body must contain.</param>
public sealed record ExampleExpectation(int Status, bool HasData, object? Data, IReadOnlyList<string> BodyContains);

/// <summary>
/// One entry of a resource's <c>tests:</c> list, run by <c>apistudio test</c>:
/// <code>
/// tests:
///   - name: greets Ada
///     request: { method: get, path: "...", params: {}, uri_args: [], query: {name: Ada}, headers: {}, body: ..., content_type: ... }
///     expect: { status: 200, data: "Hello, Ada!", body_contains: "Ada" }
/// </code>
/// Every key is optional: an example without <c>expect</c> checks that the answer is 200.
/// </summary>
/// <param name="Name">The example's name (default <c>example N</c>).</param>
/// <param name="Request">What is sent.</param>
/// <param name="Expect">What must come back.</param>
public sealed record ResourceExample(string Name, ExampleRequest Request, ExampleExpectation Expect)
{
    private static readonly string[] ExampleKeys = ["name", "request", "expect"];
    private static readonly string[] RequestKeys = ["method", "path", "params", "uri_args", "query", "headers", "body", "content_type"];
    private static readonly string[] ExpectKeys = ["status", "data", "body_contains"];
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>
    /// Reads a document's <c>tests</c> value (plain data). Every problem is added to <paramref name="errors"/> as a
    /// sentence naming the example; examples with problems are left out of the result.
    /// </summary>
    public static IReadOnlyList<ResourceExample> Parse(object? tests, ICollection<string> errors)
    {
        var examples = new List<ResourceExample>();
        if (tests is null)
        {
            return examples;
        }
        if (tests is not List<object?> items)
        {
            errors.Add("'tests' must be a list of examples ({name, request, expect}).");
            return examples;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var label = $"'tests' item {i + 1}";
            if (items[i] is not Map map)
            {
                errors.Add($"{label} must be a map with 'name', 'request' and 'expect'.");
                continue;
            }
            if (map.GetValueOrDefault("name") is string named && named.Trim().Length > 0)
            {
                label += $" ('{named}')";
            }
            var before = errors.Count;
            UnknownKeys(map, ExampleKeys, label, errors);
            var name = map.TryGetValue("name", out var rawName)
                ? Scalar(rawName, $"{label}: 'name'", errors) ?? $"example {i + 1}"
                : $"example {i + 1}";
            var request = ParseRequest(map.GetValueOrDefault("request"), label, errors);
            var expect = ParseExpect(map.GetValueOrDefault("expect"), label, errors);
            if (errors.Count == before)
            {
                examples.Add(new ResourceExample(name, request, expect));
            }
        }
        return examples;
    }

    private static ExampleRequest ParseRequest(object? raw, string label, ICollection<string> errors)
    {
        var map = Section(raw, "request", label, errors);
        UnknownKeys(map, RequestKeys, $"{label}: 'request'", errors);
        var method = Optional(map, "method", label, errors)?.ToLowerInvariant();
        if (method is not null && Array.IndexOf(Methods, method) < 0)
        {
            errors.Add($"{label}: 'request.method' must be one of {string.Join(", ", Methods)}; got '{method}'.");
        }
        var path = Optional(map, "path", label, errors)?.Trim('/');
        var parameters = Pairs(map.GetValueOrDefault("params"), "params", label, errors)
            .GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var uriArgs = Scalars(map.GetValueOrDefault("uri_args"), $"{label}: 'request.uri_args'", errors);
        if (path is not null && (parameters.Count > 0 || uriArgs.Count > 0))
        {
            errors.Add($"{label}: give either 'request.path' or 'request.params'/'request.uri_args', not both.");
        }
        return new ExampleRequest(
            method,
            path,
            parameters,
            uriArgs,
            Pairs(map.GetValueOrDefault("query"), "query", label, errors),
            Pairs(map.GetValueOrDefault("headers"), "headers", label, errors),
            map.ContainsKey("body"),
            map.GetValueOrDefault("body"),
            Optional(map, "content_type", label, errors));
    }

    private static ExampleExpectation ParseExpect(object? raw, string label, ICollection<string> errors)
    {
        var map = Section(raw, "expect", label, errors);
        UnknownKeys(map, ExpectKeys, $"{label}: 'expect'", errors);
        var status = 200;
        switch (map.GetValueOrDefault("status"))
        {
            case null:
                break;
            case long code and >= 100 and <= 599:
                status = (int)code;
                break;
            case string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 100 and <= 599:
                status = parsed;
                break;
            default:
                errors.Add($"{label}: 'expect.status' must be an HTTP status code (100 to 599).");
                break;
        }
        var contains = Scalars(map.GetValueOrDefault("body_contains"), $"{label}: 'expect.body_contains'", errors);
        return new ExampleExpectation(status, map.ContainsKey("data"), map.GetValueOrDefault("data"), contains);
    }

    private static Map Section(object? raw, string key, string label, ICollection<string> errors)
    {
        switch (raw)
        {
            case null:
                return new Map();
            case Map map:
                return map;
            default:
                errors.Add($"{label}: '{key}' must be a map.");
                return new Map();
        }
    }

    private static void UnknownKeys(Map map, string[] allowed, string where, ICollection<string> errors)
    {
        foreach (var key in map.Keys)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                errors.Add($"{where} has the unknown key '{key}' (allowed: {string.Join(", ", allowed)}).");
            }
        }
    }

    private static string? Optional(Map map, string key, string label, ICollection<string> errors) =>
        map.TryGetValue(key, out var raw) && raw is not null ? Scalar(raw, $"{label}: 'request.{key}'", errors) : null;

    /// <summary>A map of names to scalars (a list of scalars gives the name once per item).</summary>
    private static List<KeyValuePair<string, string>> Pairs(object? raw, string key, string label, ICollection<string> errors)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (raw is null)
        {
            return pairs;
        }
        if (raw is not Map map)
        {
            errors.Add($"{label}: 'request.{key}' must be a map of names to values.");
            return pairs;
        }
        foreach (var (name, value) in map)
        {
            var values = value is List<object?> list && key == "query" ? list : [value];
            foreach (var item in values)
            {
                if (Scalar(item, $"{label}: 'request.{key}.{name}'", errors) is { } text)
                {
                    pairs.Add(new KeyValuePair<string, string>(name, text));
                }
            }
        }
        return pairs;
    }

    /// <summary>A scalar or a list of scalars as a list of texts; each item that is not a scalar is an error.</summary>
    private static List<string> Scalars(object? raw, string where, ICollection<string> errors)
    {
        var texts = new List<string>();
        switch (raw)
        {
            case null:
                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    if (Scalar(item, $"{where} item", errors) is { } text)
                    {
                        texts.Add(text);
                    }
                }
                break;
            case var single:
                if (Scalar(single, where, errors) is { } one)
                {
                    texts.Add(one);
                }
                break;
        }
        return texts;
    }

    /// <summary>A scalar as the text a client would send (numbers invariant, booleans lower-case).</summary>
    private static string? Scalar(object? value, string where, ICollection<string> errors)
    {
        switch (value)
        {
            case string text:
                return text;
            case bool flag:
                return flag ? "true" : "false";
            case long or double:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            default:
                errors.Add($"{where} must be a single value (text, number or boolean).");
                return null;
        }
    }
}
