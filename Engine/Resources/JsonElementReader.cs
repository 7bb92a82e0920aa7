using System.Globalization;
using Newtonsoft.Json;

namespace ApiStudio.Engine.Resources;

/// <summary>Reads JSON into <see cref="Element"/>s token by token, with the same limits and checks as YAML.</summary>
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
                        builder.Scalar(reader.Value is long l ? (object)l : Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture), position);
                        break;
                    case JsonToken.Float:
                        builder.Scalar(Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture), position);
                        break;
                    case JsonToken.String:
                    case JsonToken.Boolean:
                        builder.Scalar(reader.Value, position);
                        break;
                    case JsonToken.Null:
                    case JsonToken.Undefined:
                        builder.Scalar(null, position);
                        break;
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
        return builder.Root ?? throw builder.Fail(new SourcePosition(1, 1), "The document is empty.");
    }
}
