using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ValueMap = ApiStudio.Engine.Values.Map;

namespace ApiStudio.Processors.DataOperation;

/// <summary>
/// JSON token trees for <c>json_path</c>: conversion between plain values (DataContainer data) and Newtonsoft
/// <see cref="JToken"/> trees (iterative; every conversion builds a new tree, so the caller's values are never
/// mutated), and the edits applied at matched paths.
/// </summary>
public static class JsonTokens
{
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
    };

    // Estimated bytes of a token (a JValue and its boxed value, a JProperty, a container), per ',', '[', '{' or ':'.
    private const long TokenBytes = 80;

    /// <summary>
    /// Parses JSON text (no date conversion, duplicate keys rejected), once its tree is estimated to fit in the
    /// request's memory budget; malformed JSON is a code-6 error.
    /// </summary>
    public static JToken Parse(string json, string inputName, NodeContext context)
    {
        context.EnsureFits(ValueSize.OfParsedText(json, TokenBytes, ',', '[', '{', ':'));
        try
        {
            using var reader = new JsonTextReader(new StringReader(json))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = PlainJson.DefaultMaxDepth,
            };
            var token = JToken.Load(reader, LoadSettings);
            if (reader.Read())
            {
                throw context.Error($"Input '{inputName}' is not valid JSON: additional text after the JSON value.");
            }
            return token;
        }
        catch (JsonException ex)
        {
            throw context.Error($"Input '{inputName}' is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The token for an input value: JSON text is parsed, anything else converted from its plain data.</summary>
    public static JToken FromValue(DataContainer value, string inputName, NodeContext context) =>
        value.Type == DataType.Json ? Parse((string)value.Data!, inputName, context) : FromPlain(value.Data);

    /// <summary>A new token tree holding a plain value.</summary>
    public static JToken FromPlain(object? plain)
    {
        if (plain is not (List<object?> or ValueMap))
        {
            return Scalar(plain);
        }
        var work = new Stack<(object Source, JContainer Target)>();
        var root = Container(plain, work);
        while (work.Count > 0)
        {
            var (source, target) = work.Pop();
            if (source is ValueMap map)
            {
                foreach (var (key, value) in map)
                {
                    ((JObject)target).Add(key, Child(value, work));
                }
            }
            else
            {
                foreach (var item in (List<object?>)source)
                {
                    ((JArray)target).Add(Child(item, work));
                }
            }
        }
        return root;
    }

    /// <summary>The plain value of a token tree.</summary>
    public static object? ToPlain(JToken token)
    {
        if (token is not JContainer)
        {
            return ScalarValue(token);
        }
        var work = new Stack<(JContainer Source, object Target)>();
        var root = PlainContainer((JContainer)token, work);
        while (work.Count > 0)
        {
            var (source, target) = work.Pop();
            if (target is ValueMap map)
            {
                foreach (var property in ((JObject)source).Properties())
                {
                    map[property.Name] = PlainChild(property.Value, work);
                }
            }
            else
            {
                var list = (List<object?>)target;
                foreach (var item in source.Children())
                {
                    list.Add(PlainChild(item, work));
                }
            }
        }
        return root;
    }

    /// <summary>Adds <paramref name="value"/> to a matched list, or under <paramref name="field"/> in a matched map.</summary>
    public static void Add(JToken match, string field, JToken value, NodeContext context)
    {
        switch (match)
        {
            case JArray list when field.Length == 0:
                list.Add(value);
                break;
            case JArray:
                throw context.Error($"Cannot add field '{field}' to the list at {Where(match)}: leave field_name empty to append.");
            case JObject map when field.Length > 0:
                map[field] = value;
                break;
            case JObject:
                throw context.Error($"Adding to the map at {Where(match)} needs a field_name.");
            default:
                throw context.Error($"Cannot add to the {match.Type.ToString().ToLowerInvariant()} value at {Where(match)}: only lists and maps take new values.");
        }
    }

    /// <summary>Removes <paramref name="field"/> from a matched map, or, without a field, the match itself.</summary>
    public static void Remove(JToken match, JToken root, string field, NodeContext context)
    {
        if (field.Length > 0)
        {
            (match as JObject)?.Remove(field);
            return;
        }
        if (match == root)
        {
            throw context.Error("Cannot remove the root of the data: give a field_name or a deeper path.");
        }
        if (match.Parent is JProperty property)
        {
            property.Remove();
        }
        else
        {
            match.Remove();
        }
    }

    private static string Where(JToken token) => token.Path.Length == 0 ? "$" : "$." + token.Path;

    /// <summary>True when the path names one location: no wildcard, filter, slice, union or recursive descent.</summary>
    public static bool IsDefinite(string expression)
    {
        var quote = '\0';
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (Quoted(c, ref quote))
            {
                continue;
            }
            if (c is '*' or '?' or ':' or ',' || (c == '.' && i + 1 < expression.Length && expression[i + 1] == '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Follows quoted text while an expression is scanned character by character: true when <paramref name="c"/> opens,
    /// closes or is inside a quoted name (or, with <paramref name="slashes"/>, a regular expression in a filter).
    /// </summary>
    internal static bool Quoted(char c, ref char quote, bool slashes = false)
    {
        if (quote != '\0')
        {
            quote = c == quote ? '\0' : quote;
            return true;
        }
        if (c is '\'' or '"' || (slashes && c == '/'))
        {
            quote = c;
            return true;
        }
        return false;
    }

    private static JToken Child(object? value, Stack<(object, JContainer)> work) =>
        value is List<object?> or ValueMap ? Container(value, work) : Scalar(value);

    private static JContainer Container(object source, Stack<(object, JContainer)> work)
    {
        JContainer target = source is ValueMap ? new JObject() : new JArray();
        work.Push((source, target));
        return target;
    }

    private static JValue Scalar(object? value) => value switch
    {
        null => JValue.CreateNull(),
        bool b => new JValue(b),
        long l => new JValue(l),
        double d => new JValue(d),
        string s => new JValue(s),
        BinaryValue bin => new JValue(Convert.ToBase64String(bin.Content)),
        _ => new JValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static object? PlainChild(JToken token, Stack<(JContainer, object)> work) =>
        token is JObject or JArray ? PlainContainer((JContainer)token, work) : ScalarValue(token);

    private static object PlainContainer(JContainer source, Stack<(JContainer, object)> work)
    {
        object target = source is JObject ? new ValueMap() : new List<object?>();
        work.Push((source, target));
        return target;
    }

    private static object? ScalarValue(JToken token) => token.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => null,
        JTokenType.Boolean => token.Value<bool>(),
        JTokenType.Integer => ((JValue)token).Value is long l ? (object)l : (double)token,
        JTokenType.Float => (double)token,
        JTokenType.String => token.Value<string>(),
        _ => Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture),
    };
}
