using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>
/// What every request variable shares: the <c>key</c>, <c>expected_type</c> and <c>nullable</c> inputs, the lookup,
/// the missing-variable error and the <c>expected_type</c> cast.
/// </summary>
/// <remarks>
/// An empty value counts as missing, as in ApiOpenStudio ("empty values are treated as NULL"): a form field left
/// blank fails a non-nullable variable instead of failing later on a cast of the empty text.
/// </remarks>
public static class RequestVariable
{
    /// <summary>The <c>expected_type</c> input: casts the value (text by default) through the cast matrix.</summary>
    public static readonly InputSpec ExpectedType = new("expected_type",
        "Cast the value to this type (the value is text otherwise); an impossible cast is an error.")
    {
        LimitTypes = [DataType.Text], LimitValues = DataTypeNames.All,
    };

    /// <summary>The <c>nullable</c> input: a missing variable gives undefined instead of an error.</summary>
    public static readonly InputSpec Nullable = new("nullable",
        "Allow the variable to be missing or empty (the value is then undefined); otherwise that is an error.")
    {
        LimitTypes = [DataType.Boolean], Default = false,
    };

    /// <summary>The required <c>key</c> input naming the variable.</summary>
    public static InputSpec Key(string description) => new("key", description) { Min = 1, LimitTypes = [DataType.Text] };

    /// <summary>The variable <paramref name="key"/> of a request map (undefined when absent); repeated keys give an array.</summary>
    public static DataContainer Lookup(IReadOnlyDictionary<string, object?> variables, string key) =>
        variables.TryGetValue(key, out var raw) ? FromRequest(raw) : DataContainer.Undefined;

    /// <summary>A raw request value as a container: text, or an array for a repeated key.</summary>
    public static DataContainer FromRequest(object? raw) => raw switch
    {
        string text => DataContainer.Text(text),
        List<object?> items => DataContainer.Array(items),
        _ => DataContainer.FromPlain(raw),
    };

    /// <summary>True when the variable is absent, undefined or empty text.</summary>
    public static bool IsMissing(DataContainer value) =>
        value.IsUndefined || (value.Type == DataType.Text && ((string)value.Data!).Length == 0);

    /// <summary>The message of a missing variable: <c>{source} ({name}) does not exist or is undefined.</c></summary>
    public static string MissingMessage(string source, string? name) =>
        name is null ? $"{source} does not exist or is empty." : $"{source} ({name}) does not exist or is undefined.";

    /// <summary>
    /// Before evaluation (<see cref="IRequestValueReader"/>): the message when a node whose <c>key</c> is a literal and
    /// <c>nullable</c> is false finds nothing under that key; null otherwise.
    /// </summary>
    public static string? MissingBeforehand(NodePlan node, string source, Func<string, DataContainer> lookup, string keyInput = "key")
    {
        if (node.KnownValue("nullable") is not { Data: false } || node.KnownValue(keyInput) is not { Data: string key })
        {
            return null;
        }
        return IsMissing(lookup(key)) ? MissingMessage(source, key) : null;
    }

    /// <summary>
    /// The node's result: a missing variable is undefined when <c>nullable</c>, else the error
    /// <c>{source} ({name}) does not exist or is undefined.</c> (HTTP 400, code 6); a present one is cast to
    /// <c>expected_type</c> when given.
    /// </summary>
    public static DataContainer Result(NodeContext context, DataContainer value, string source, string? name)
    {
        if (IsMissing(value))
        {
            if (context.Val("nullable").AsBoolean(context.NodeId))
            {
                return DataContainer.Undefined;
            }
            throw context.Error(MissingMessage(source, name));
        }
        var expected = context.Val("expected_type");
        if (expected.IsUndefined || !DataTypeNames.TryParse((string)expected.Data!, out var type))
        {
            return value;
        }
        // A client's number is validated, not converted: 1.5 is not an integer (the cast processor would truncate it).
        if (type == DataType.Integer && value.Data is double number && !double.IsInteger(number))
        {
            throw context.Error(name is null
                ? $"{source} must be an integer, not {number.ToString(global::System.Globalization.CultureInfo.InvariantCulture)}."
                : $"{source} ({name}) must be an integer, not {number.ToString(global::System.Globalization.CultureInfo.InvariantCulture)}.");
        }
        return value.CastTo(type, context.NodeId);
    }
}
