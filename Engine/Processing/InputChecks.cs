using System.Globalization;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>The checks of an input's declared types, values and cardinality, shared by the validator and the run-time accessor.</summary>
public static class InputChecks
{
    /// <summary>True when <paramref name="value"/> has an allowed type (undefined always passes for optional inputs).</summary>
    public static bool TypeAllowed(InputSpec spec, DataType type)
    {
        if (spec.LimitTypes.Count == 0 || (type == DataType.Undefined && !spec.Required))
        {
            return true;
        }
        // Indexed loops: a foreach over the interface would allocate an enumerator on every checked value.
        var allowed = spec.LimitTypes;
        for (var i = 0; i < allowed.Count; i++)
        {
            if (allowed[i] == type)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when <paramref name="value"/> is one of the allowed values (or any is allowed).</summary>
    public static bool ValueAllowed(InputSpec spec, object? value)
    {
        if (spec.LimitValues.Count == 0)
        {
            return true;
        }
        if (value is null && !spec.Required)
        {
            return true;
        }
        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        var allowed = spec.LimitValues;
        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(Convert.ToString(allowed[i], CultureInfo.InvariantCulture), text, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The message for a value of a type the input does not take.</summary>
    public static string TypeMessage(InputSpec spec, DataType type) =>
        $"Input '{spec.Name}' does not accept type {type.Name()}; allowed: {string.Join(", ", spec.LimitTypes.Select(t => t.Name()))}.";

    /// <summary>The message for a value outside the allowed values.</summary>
    public static string ValueMessage(InputSpec spec, object? value) =>
        $"Input '{spec.Name}' does not accept the value '{Convert.ToString(value, CultureInfo.InvariantCulture)}'; allowed: {string.Join(", ", spec.LimitValues.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))}.";

    /// <summary>The message for a wrong number of values.</summary>
    public static string CardinalityMessage(InputSpec spec, int count) =>
        $"Input '{spec.Name}' takes {spec.CardinalityText} values, got {count}.";

    /// <summary>True when <paramref name="count"/> values respect the input's cardinality.</summary>
    public static bool CardinalityAllowed(InputSpec spec, int count) =>
        count >= spec.Min && (spec.Max == InputSpec.Many || count <= spec.Max);

    internal static void CheckValue(InputSpec spec, DataContainer value, string nodeId)
    {
        if (!TypeAllowed(spec, value.Type))
        {
            throw new ApiException(TypeMessage(spec, value.Type) + $" (node '{nodeId}')", ErrorCodes.InvalidInput, nodeId, 400);
        }
        if (spec.LimitValues.Count > 0 && !ValueAllowed(spec, value.Data))
        {
            throw new ApiException(ValueMessage(spec, value.Data) + $" (node '{nodeId}')", ErrorCodes.InvalidInput, nodeId, 400);
        }
    }

    internal static void CheckCardinality(InputSpec spec, int count, string nodeId)
    {
        if (!CardinalityAllowed(spec, count))
        {
            throw new ApiException(CardinalityMessage(spec, count) + $" (node '{nodeId}')", ErrorCodes.InvalidInput, nodeId, 400);
        }
    }
}
