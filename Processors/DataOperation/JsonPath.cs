using System.Text.RegularExpressions;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Gets, sets, adds or removes values in JSON or array data with a JSONPath expression.</summary>
public sealed class JsonPath : Processor
{
    // The longest a regular expression in a filter may take on one value (less when the time budget has less left).
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "JSON path",
        "Applies a JSONPath expression (e.g. $.store.book[0].title, $..price, $.items[?(@.qty > 1)]) to the data. " +
        "get: a definite path (names and single indexes only) returns the value, or undefined when nothing matches; " +
        "any other path returns the list of matches. set: replaces every match with value. add: appends value to " +
        "each matched list, or stores it under field_name in each matched map. remove: removes field_name from each " +
        "matched map, or, without field_name, removes the matches themselves. set, add and remove return a changed " +
        "copy of the data with the data's type; the input is never changed.",
        new InputSpec("data", "The JSON text or array.") { Min = 1, LimitTypes = [DataType.Json, DataType.Array, DataType.Text] },
        new InputSpec("expression", "The JSONPath expression.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("operation", "The operation.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["get", "set", "add", "remove"], Default = "get",
        },
        new InputSpec("value", "The value to set or add (JSON text is inserted as its value)."),
        new InputSpec("field_name", "The key to add or remove in matched maps (add, remove).")
        {
            LimitTypes = [DataType.Text, DataType.Integer],
        },
        new InputSpec("remove_wrapping_quotes", "ApiOpenStudio compatibility, no effect: text results are never quoted.")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        },
        new InputSpec("stripslashes", "ApiOpenStudio compatibility, no effect: results are never escaped JSON text.")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        })
    {
        Returns = [DataType.Array, DataType.Boolean, DataType.Float, DataType.Integer, DataType.Json, DataType.Text, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var data = context.Val("data");
        var expression = (string)context.Val("expression").Data!;
        var operation = (string)DataItems.Option(context, "operation").Data!;
        if (data.Type == DataType.Array)
        {
            // A token tree takes about twice the plain value it is built from.
            context.EnsureFits(2 * data.SizeWithin(context.Evaluation.Memory.RemainingBytes));
        }
        var root = data.Type == DataType.Array
            ? JsonTokens.FromPlain(data.Data)
            : JsonTokens.Parse((string)data.Data!, "data", context);
        List<JToken> matches;
        try
        {
            matches = JsonPathSteps.Select(root, expression, Settings(context), context);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or RegexMatchTimeoutException or IndexOutOfRangeException)
        {
            // A regular expression cut short by the end of the time budget is the budget's error, not the expression's.
            context.ThrowIfOverBudget();
            // Newtonsoft's path parser reports a truncated expression as an index error.
            var reason = ex is IndexOutOfRangeException ? "the expression ends unexpectedly." : ex.Message;
            throw context.Error($"Invalid JSONPath expression '{expression}': {reason}");
        }
        if (operation == "get")
        {
            return Get(matches, expression, context);
        }
        if (operation is "set" or "add" && !context.Has("value"))
        {
            throw context.Error($"Operation {operation} needs a value.");
        }
        var field = context.Has("field_name") ? context.Val("field_name").AsText() : "";
        // One token serves every match: Newtonsoft copies a token that already has a parent when it is attached again.
        var value = operation == "remove" ? null : JsonTokens.FromValue(context.Val("value"), "value", context);
        if (value is not null)
        {
            // Each match gets its own copy of the value: refuse a result that cannot fit before making it.
            context.EnsureFits(matches.Count * context.Val("value").SizeWithin(context.Evaluation.Memory.RemainingBytes));
        }
        foreach (var match in matches)
        {
            switch (operation)
            {
                case not "add" when match.Parent is null && match != root:
                    // Already detached by an earlier match (a union naming it twice, or an ancestor replaced).
                    break;
                case "set" when match == root:
                    root = value!;
                    break;
                case "set":
                    match.Replace(value!);
                    break;
                case "add":
                    JsonTokens.Add(match, field, value!, context);
                    break;
                default:
                    JsonTokens.Remove(match, root, field, context);
                    break;
            }
        }
        return data.Type == DataType.Array
            ? DataContainer.FromPlain(JsonTokens.ToPlain(root))
            : DataContainer.Json(root.ToString(Formatting.None));
    }

    private static JsonSelectSettings Settings(NodeContext context)
    {
        var left = context.Evaluation.RemainingBudget;
        return new JsonSelectSettings
        {
            ErrorWhenNoMatch = false,
            RegexMatchTimeout = left < RegexTimeout ? left + TimeSpan.FromMilliseconds(1) : RegexTimeout,
        };
    }

    private static DataContainer Get(List<JToken> matches, string expression, NodeContext context)
    {
        if (JsonTokens.IsDefinite(expression))
        {
            return matches.Count == 0 ? DataContainer.Undefined : DataContainer.FromPlain(JsonTokens.ToPlain(matches[0]));
        }
        // Matches may overlap (a value and its descendants): their copies can outgrow the data many times over.
        var values = new List<object?>(matches.Count);
        long size = 0;
        foreach (var match in matches)
        {
            var plain = JsonTokens.ToPlain(match);
            values.Add(plain);
            var left = context.Evaluation.Memory.RemainingBytes - size;
            size += ValueSize.OfPlain(plain, left);
            context.EnsureFits(size);
            if (values.Count % 256 == 0)
            {
                context.ThrowIfOverBudget();
            }
        }
        return DataContainer.Array(values);
    }
}
