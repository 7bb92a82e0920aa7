using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>The comparison operators shared by <c>if_then_else</c>, <c>do_while</c> and <c>filter</c>.</summary>
public static class Comparison
{
    /// <summary>The operators, as declared in limitValues.</summary>
    public static readonly IReadOnlyList<object> Operators = ["==", "!=", ">", ">=", "<", "<="];

    /// <summary>
    /// Applies <paramref name="op"/>. Strict equality requires the same type and value; loose equality compares
    /// numerically when both sides are numbers (or numeric text), else their text forms. Ordering is numeric when both
    /// sides are numbers (or numeric text), else ordinal on text.
    /// </summary>
    public static bool Holds(DataContainer lhs, DataContainer rhs, string op, bool strict, string? nodeId)
    {
        if (op is "==" or "!=")
        {
            bool equal;
            if (strict)
            {
                equal = lhs.Type == rhs.Type && string.Equals(lhs.ToString(), rhs.ToString(), StringComparison.Ordinal);
            }
            else if (TryNumber(lhs, out var ln) && TryNumber(rhs, out var rn))
            {
                equal = ln.Equals(rn);
            }
            else
            {
                equal = string.Equals(Loose(lhs), Loose(rhs), StringComparison.Ordinal);
            }
            return op == "==" ? equal : !equal;
        }
        if (TryNumber(lhs, out var left) && TryNumber(rhs, out var right))
        {
            return Compare(left.CompareTo(right), op, nodeId);
        }
        return Compare(string.CompareOrdinal(Loose(lhs), Loose(rhs)), op, nodeId);
    }

    private static bool Compare(int order, string op, string? nodeId) => op switch
    {
        "==" => order == 0,
        "!=" => order != 0,
        ">" => order > 0,
        ">=" => order >= 0,
        "<" => order < 0,
        "<=" => order <= 0,
        _ => throw new ApiException($"Unknown operator '{op}'.", ErrorCodes.InvalidInput, nodeId, 400),
    };

    private static bool IsNumber(DataContainer value) => value.Type is DataType.Integer or DataType.Float;

    private static double ToDouble(DataContainer value) =>
        value.Type == DataType.Integer ? (long)value.Data! : (double)value.Data!;

    private static bool TryNumber(DataContainer value, out double number)
    {
        if (IsNumber(value))
        {
            number = ToDouble(value);
            return true;
        }
        number = 0;
        return value.Type == DataType.Text
            && double.TryParse((string)value.Data!, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static string Loose(DataContainer value) => value.Type switch
    {
        DataType.Undefined => "",
        _ => value.ToString(),
    };
}
