using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ApiStudio.Engine.Http;

/// <summary>
/// The request's headers as the engine reads them (names case-insensitive, repeated values joined with commas): a view
/// over the server's own header collection, so nothing is copied for headers no processor reads.
/// </summary>
internal sealed class HeaderVariables(IHeaderDictionary headers) : IReadOnlyDictionary<string, string>
{
    public int Count => headers.Count;

    public IEnumerable<string> Keys => headers.Keys;

    public IEnumerable<string> Values => headers.Values.Select(value => value.ToString());

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (headers.TryGetValue(key, out var values))
        {
            value = values.ToString();
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var (name, values) in headers)
        {
            yield return new KeyValuePair<string, string>(name, values.ToString());
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The query string as request variables (names case-sensitive; a repeated name gives a list of its values): a view
/// over the server's parsed query.
/// </summary>
internal sealed class QueryVariables(IQueryCollection query) : IReadOnlyDictionary<string, object?>
{
    public int Count => query.Count;

    public IEnumerable<string> Keys => query.Keys;

    public IEnumerable<object?> Values => query.Select(pair => Variable(pair.Value));

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    // The server's query collection compares names without case; request variables are case-sensitive.
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out object? value)
    {
        if (query.TryGetValue(key, out var values) && HasName(key))
        {
            value = Variable(values);
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var (name, values) in query)
        {
            yield return new KeyValuePair<string, object?>(name, Variable(values));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One value as text, several as a list of texts.</summary>
    public static object? Variable(StringValues values) =>
        values.Count == 1 ? values[0] : values.Select(v => (object?)v).ToList();

    /// <summary>True when the query has a name equal to <paramref name="key"/> in case too.</summary>
    private bool HasName(string key)
    {
        foreach (var name in query.Keys)
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
