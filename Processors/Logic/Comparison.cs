using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Logic;

/// <summary>
/// The comparison rules shared by <c>if_then_else</c>, <c>do_while</c> and <c>filter</c>, so that one operator means
/// the same thing everywhere.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>==</c>/<c>!=</c> strict: same type and same value (arrays: same items in the same order).</item>
/// <item><c>==</c>/<c>!=</c> loose: numbers and numeric text compare as numbers (<c>"007" == 7</c>); a boolean
/// compares with the other side cast to boolean (<c>true == "yes"</c>, <c>false == 0</c>); anything else compares
/// by text form (undefined is the empty text).</item>
/// <item><c>&gt; &gt;= &lt; &lt;=</c> (strict or not): numerically when both sides are numbers or numeric text,
/// else ordinally by text form; arrays, files and images cannot be ordered.</item>
/// </list>
/// </remarks>
public static class Comparison
{
    /// <summary>The operators, as declared in limitValues.</summary>
    public static readonly IReadOnlyList<object> Operators = ["==", "!=", ">", ">=", "<", "<="];

    /// <summary>Applies <paramref name="op"/> to <paramref name="lhs"/> and <paramref name="rhs"/>.</summary>
    public static bool Holds(DataContainer lhs, DataContainer rhs, string op, bool strict, string nodeId) => op switch
    {
        "==" => Equal(lhs, rhs, strict),
        "!=" => !Equal(lhs, rhs, strict),
        ">" => Order(lhs, rhs, op, nodeId) > 0,
        ">=" => Order(lhs, rhs, op, nodeId) >= 0,
        "<" => Order(lhs, rhs, op, nodeId) < 0,
        "<=" => Order(lhs, rhs, op, nodeId) <= 0,
        _ => throw new ApiException($"Unknown comparison operator '{op}' in node '{nodeId}'.",
            ErrorCodes.InvalidInput, nodeId, 400),
    };

    /// <summary>Equality, strict (type and value) or loose (see the class remarks).</summary>
    public static bool Equal(DataContainer lhs, DataContainer rhs, bool strict)
    {
        if (lhs.Type == rhs.Type && SameData(lhs, rhs))
        {
            return true;
        }
        if (strict)
        {
            return false;
        }
        if (Number.TryRead(lhs, out var left) && Number.TryRead(rhs, out var right))
        {
            return Number.Compare(left, right) == 0;
        }
        if (lhs.Type == DataType.Boolean || rhs.Type == DataType.Boolean)
        {
            // The failing cast is the rare case (a boolean against text such as "maybe"), so its cost is acceptable.
            return ValueCaster.TryCast(lhs, DataType.Boolean, out var l) && ValueCaster.TryCast(rhs, DataType.Boolean, out var r)
                && (bool)l.Data! == (bool)r.Data!;
        }
        return string.Equals(TextOf(lhs), TextOf(rhs), StringComparison.Ordinal);
    }

    private static int Order(DataContainer lhs, DataContainer rhs, string op, string nodeId)
    {
        if (Number.TryRead(lhs, out var left) && Number.TryRead(rhs, out var right))
        {
            return Number.Compare(left, right);
        }
        if (!Orderable(lhs.Type) || !Orderable(rhs.Type))
        {
            throw new ApiException(
                $"Operator '{op}' cannot order {lhs.Type.Name()} and {rhs.Type.Name()} in node '{nodeId}'.",
                ErrorCodes.InvalidInput, nodeId, 400);
        }
        return string.CompareOrdinal(TextOf(lhs), TextOf(rhs));
    }

    private static bool SameData(DataContainer lhs, DataContainer rhs) => lhs.Type switch
    {
        DataType.Undefined => true,
        DataType.Float => (double)lhs.Data! == (double)rhs.Data!,
        DataType.Array => string.Equals(PlainJson.Serialize(lhs.Data), PlainJson.Serialize(rhs.Data), StringComparison.Ordinal),
        DataType.File or DataType.Image => ((BinaryValue)lhs.Data!).Content.AsSpan().SequenceEqual(((BinaryValue)rhs.Data!).Content),
        _ => Equals(lhs.Data, rhs.Data),
    };

    private static bool Orderable(DataType type) => type is not (DataType.Array or DataType.File or DataType.Image);

    private static string TextOf(DataContainer value) => value.Type == DataType.Text ? (string)value.Data! : value.AsText();

    /// <summary>A number read from an integer, a float or numeric text; integers stay exact.</summary>
    private readonly struct Number(long integer, double real, bool isInteger)
    {
        private readonly long _integer = integer;
        private readonly double _real = real;
        private readonly bool _isInteger = isInteger;

        public static bool TryRead(DataContainer value, out Number number)
        {
            switch (value.Type)
            {
                case DataType.Integer:
                    number = new Number((long)value.Data!, 0, true);
                    return true;
                case DataType.Float:
                    number = new Number(0, (double)value.Data!, false);
                    return true;
                case DataType.Text:
                    var text = ((string)value.Data!).AsSpan().Trim();
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                    {
                        number = new Number(l, 0, true);
                        return true;
                    }
                    // Only finite numbers: "NaN" and "Infinity" are words, not numeric text.
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    {
                        number = new Number(0, d, false);
                        return true;
                    }
                    break;
            }
            number = default;
            return false;
        }

        public static int Compare(Number a, Number b) => a._isInteger && b._isInteger
            ? a._integer.CompareTo(b._integer)
            : a.AsDouble.CompareTo(b.AsDouble);

        private double AsDouble => _isInteger ? _integer : _real;
    }
}
