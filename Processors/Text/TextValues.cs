using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>
/// What the Text processors share: the inputs that take a text, and characters counted as a reader sees them (a
/// letter with its accents, an emoji with its modifiers is one character).
/// </summary>
internal static class TextValues
{
    /// <summary>The types a text input takes: text, and values written as text (numbers, json, xml, html).</summary>
    public static readonly IReadOnlyList<DataType> Texts =
        [DataType.Text, DataType.Integer, DataType.Float, DataType.Json, DataType.Xml, DataType.Html];

    /// <summary>A required text input.</summary>
    public static InputSpec Required(string name, string description) => new(name, description) { Min = 1, LimitTypes = Texts };

    /// <summary>The <c>ignore_case</c> input.</summary>
    public static InputSpec IgnoreCase(string what) =>
        new("ignore_case", $"Ignore case (culture-independent) while {what}.") { LimitTypes = [DataType.Boolean], Default = false };

    /// <summary>The value of a text input, as text.</summary>
    public static string Of(NodeContext context, string input) => context.Val(input).AsText(context.NodeId);

    /// <summary>Where each character of <paramref name="text"/> starts (its text elements), plus the text's length at the end.</summary>
    public static int[] CharacterStarts(string text)
    {
        var starts = StringInfo.ParseCombiningCharacters(text);
        var all = new int[starts.Length + 1];
        starts.CopyTo(all, 0);
        all[^1] = text.Length;
        return all;
    }

    /// <summary>The number of characters of <paramref name="text"/>.</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>An integer input that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long Bounded(NodeContext context, string input, long min, long max)
    {
        var value = context.Val(input).AsInteger(context.NodeId);
        return value < min || value > max
            ? throw context.Error(max == long.MaxValue
                ? $"Input '{input}' must be {min} or more, got {value} (node '{context.NodeId}')."
                : $"Input '{input}' must be between {min} and {max}, got {value} (node '{context.NodeId}').")
            : value;
    }
}
