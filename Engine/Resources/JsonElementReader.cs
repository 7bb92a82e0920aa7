using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;

namespace ApiStudio.Engine.Resources;

/// <summary>
/// Reads JSON into <see cref="Element"/>s token by token, with the same limits and checks as YAML. Missing values and
/// unclosed objects are rejected; the reader's harmless leniencies (comments, trailing commas, single quotes) are
/// accepted, as YAML accepts them too.
/// </summary>
internal static class JsonElementReader
{
    public static Element Read(string text, string source, DocumentLimits limits)
    {
        var builder = new ElementBuilder(source, limits);
        using var reader = new JsonTextReader(new StringReader(text))
        {
            MaxDepth = null,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        try
        {
            while (reader.Read())
            {
                var position = new SourcePosition(reader.LineNumber, Math.Max(1, reader.LinePosition));
                switch (reader.TokenType)
                {
                    case JsonToken.StartObject:
                        builder.StartMap(position);
                        break;
                    case JsonToken.StartArray:
                        builder.StartList(position);
                        break;
                    case JsonToken.EndObject:
                    case JsonToken.EndArray:
                        builder.End();
                        break;
                    case JsonToken.PropertyName:
                        builder.Key((string)reader.Value!, position);
                        break;
                    case JsonToken.Integer:
                        // Integers beyond 64 bits come as BigInteger, which is not IConvertible: they become floats, as in YAML.
                        builder.Scalar(reader.Value switch
                        {
                            long l => (object)l,
                            BigInteger big => (double)big,
                            var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
                        }, position);
                        break;
                    case JsonToken.Float:
                        builder.Scalar(Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture), position);
                        break;
                    case JsonToken.String:
                    case JsonToken.Boolean:
                        builder.Scalar(reader.Value, position);
                        break;
                    case JsonToken.Null:
                        builder.Scalar(null, position);
                        break;
                    case JsonToken.Undefined:
                        // The reader reports a missing value ("a": , or [1,,2]) as undefined: that is not JSON.
                        throw builder.Fail(position, "Malformed JSON: a value is missing.");
                    case JsonToken.Comment:
                        break;
                    default:
                        throw builder.Fail(position, $"Unexpected JSON token {reader.TokenType}.");
                }
            }
        }
        catch (JsonReaderException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
            throw new ResourceLoadException(source, new SourcePosition(ex.LineNumber, ex.LinePosition),
                $"Malformed JSON: {(cut > 0 ? message[..cut] : message)}");
        }
        if (builder.Depth > 0)
        {
            // The reader stops quietly at the end of the text even inside an object or array.
            throw builder.Fail(new SourcePosition(reader.LineNumber, Math.Max(1, reader.LinePosition)),
                "Malformed JSON: the document ends before every object and array is closed.");
        }
        return builder.Root ?? throw builder.Fail(new SourcePosition(1, 1), "The document is empty.");
    }
}
