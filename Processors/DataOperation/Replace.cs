using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Replaces every occurrence of a substring.</summary>
public sealed class Replace : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Replace",
        "Replaces every occurrence of needle in haystack with value. The result keeps the haystack's type.",
        new InputSpec("haystack", "The text to search in.")
        {
            Min = 1, LimitTypes = [DataType.Text, DataType.Json, DataType.Xml, DataType.Html],
        },
        new InputSpec("needle", "The substring to replace (not empty); a number is searched as its text.")
        {
            Min = 1, LimitTypes = [DataType.Text, DataType.Json, DataType.Xml, DataType.Html, DataType.Integer, DataType.Float],
        },
        new InputSpec("value", "The replacement.")
        {
            Min = 1, LimitTypes = [DataType.Text, DataType.Json, DataType.Xml, DataType.Html, DataType.Integer, DataType.Float],
        },
        new InputSpec("ignore_case", "Ignore case (culture-independent) while searching for the needle.")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var haystack = context.Val("haystack");
        var needle = context.Val("needle").AsText(context.NodeId);
        var value = context.Val("value").AsText(context.NodeId);
        if (needle.Length == 0)
        {
            throw context.Error("Input 'needle' must not be empty.");
        }
        var comparison = DataItems.Option(context, "ignore_case").AsBoolean()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        var text = (string)haystack.Data!;
        if (value.Length > needle.Length)
        {
            // The result grows by the difference at each occurrence: refuse one that cannot fit before building it.
            context.EnsureFits(ValueSize.OfText(text.Length + Occurrences(text, needle, comparison) * (long)(value.Length - needle.Length)));
        }
        var result = text.Replace(needle, value, comparison);
        return DataContainer.Of(result, haystack.Type);
    }

    private static long Occurrences(string text, string needle, StringComparison comparison)
    {
        long count = 0;
        for (var at = text.IndexOf(needle, comparison); at >= 0; at = text.IndexOf(needle, at + needle.Length, comparison))
        {
            count++;
        }
        return count;
    }
}
