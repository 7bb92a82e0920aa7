using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ApiStudio.Engine.Resources;

/// <summary>
/// Reads YAML into <see cref="Element"/>s from the parser's event stream (no object graph first), so that
/// duplicate keys, alias bombs and nesting limits are caught while reading.
/// </summary>
internal static partial class YamlElementReader
{
    public static Element Read(string text, string source, DocumentLimits limits)
    {
        var builder = new ElementBuilder(source, limits);
        var anchors = new Dictionary<string, (Element Element, Shape Shape)>(StringComparer.Ordinal);
        var openAnchors = new Stack<string?>();
        var documents = 0;
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var position = new SourcePosition((int)current.Start.Line, (int)current.Start.Column);
                var expectingKey = IsExpectingKey(builder, current);
                switch (current)
                {
                    case DocumentStart start when !start.IsImplicit || documents > 0:
                        if (++documents > 1)
                        {
                            throw builder.Fail(position, "A document holds one resource only (found a second YAML document).");
                        }
                        break;
                    case DocumentStart:
                        documents++;
                        break;
                    case Scalar scalar when expectingKey:
                        builder.Key(scalar.Value, position);
                        break;
                    case Scalar scalar:
                    {
                        var element = builder.Scalar(Resolve(scalar, builder, position), position);
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = (element, Shape.Scalar);
                        }
                        break;
                    }
                    case MappingStart or SequenceStart when expectingKey:
                        throw builder.Fail(position, "Only text keys are supported in maps.");
                    case MappingStart mapping:
                        builder.StartMap(position);
                        openAnchors.Push(mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value);
                        break;
                    case SequenceStart sequence:
                        builder.StartList(position);
                        openAnchors.Push(sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value);
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var closed = builder.End();
                        if (openAnchors.Pop() is { } anchor)
                        {
                            anchors[anchor] = closed;
                        }
                        break;
                    }
                    case AnchorAlias alias when expectingKey:
                        throw builder.Fail(position, "Aliases cannot be used as map keys.");
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw builder.Fail(position, $"Unknown alias '*{alias.Value.Value}'.");
                        }
                        builder.Reuse(target.Element, target.Shape, position);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new ResourceLoadException(source, new SourcePosition((int)ex.Start.Line, (int)ex.Start.Column),
                $"Malformed YAML: {StripPosition(reason)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // The parser has bugs that surface as these on some malformed input (an unclosed flow collection at the
            // end of the text): still a malformed document, not a crash.
            var at = scanner.CurrentPosition;
            throw new ResourceLoadException(source, new SourcePosition((int)at.Line, (int)at.Column),
                "Malformed YAML: the document cannot be parsed here (an unclosed bracket, brace or quote?).");
        }
        return builder.Root ?? throw builder.Fail(new SourcePosition(1, 1), "The document is empty.");
    }

    private static bool IsExpectingKey(ElementBuilder builder, ParsingEvent current) =>
        current is NodeEvent && builder.ExpectingKey;

    private static object? Resolve(Scalar scalar, ElementBuilder builder, SourcePosition position)
    {
        var value = scalar.Value;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is not null && tag != "!")
        {
            return tag switch
            {
                "tag:yaml.org,2002:str" => value,
                "tag:yaml.org,2002:null" => null,
                "tag:yaml.org,2002:bool" => ResolvePlain(value) as bool?
                    ?? throw builder.Fail(position, $"'{value}' is not a boolean."),
                "tag:yaml.org,2002:int" => ResolvePlain(value) as long?
                    ?? throw builder.Fail(position, $"'{value}' is not an integer."),
                "tag:yaml.org,2002:float" => ResolvePlain(value) switch
                {
                    double d => d,
                    long l => (double)l,
                    _ => throw builder.Fail(position, $"'{value}' is not a number."),
                },
                _ => throw builder.Fail(position, $"Unsupported YAML tag '{tag}'."),
            };
        }
        return scalar.Style == ScalarStyle.Plain && tag is null ? ResolvePlain(value) : value;
    }

    /// <summary>YAML 1.2 core schema resolution of a plain scalar.</summary>
    internal static object? ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }
        if (IntegerPattern().IsMatch(value))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? (object)l
                : double.Parse(value, CultureInfo.InvariantCulture);
        }
        if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2
            && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }
        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value.AsSpan(2).IndexOfAnyExcept("01234567") < 0)
        {
            try
            {
                return Convert.ToInt64(value[2..], 8);
            }
            catch (OverflowException)
            {
                return value;
            }
        }
        if (FloatPattern().IsMatch(value))
        {
            return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return value;
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is reported separately.
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && at > 0 ? message[(at + 3)..] : message;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
