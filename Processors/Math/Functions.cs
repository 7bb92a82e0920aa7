namespace ApiStudio.Processors.Math;

/// <summary>The functions a formula may call.</summary>
internal enum Function : byte
{
    Min,
    Max,
    Abs,
    Round,
    Sqrt,
    Floor,
    Ceil,
    Pow,
    Log,
    Exp,
    Sin,
    Cos,
    Tan,
}

/// <summary>The function table (names and argument counts) and the functions themselves.</summary>
internal static class Functions
{
    private static readonly Dictionary<string, (Function Function, int Min, int Max)> Table = new(StringComparer.Ordinal)
    {
        ["min"] = (Function.Min, 1, int.MaxValue),
        ["max"] = (Function.Max, 1, int.MaxValue),
        ["abs"] = (Function.Abs, 1, 1),
        ["round"] = (Function.Round, 1, 2),
        ["sqrt"] = (Function.Sqrt, 1, 1),
        ["floor"] = (Function.Floor, 1, 1),
        ["ceil"] = (Function.Ceil, 1, 1),
        ["pow"] = (Function.Pow, 2, 2),
        ["log"] = (Function.Log, 1, 2),
        ["exp"] = (Function.Exp, 1, 1),
        ["sin"] = (Function.Sin, 1, 1),
        ["cos"] = (Function.Cos, 1, 1),
        ["tan"] = (Function.Tan, 1, 1),
    };

    /// <summary>Largest |digits| accepted by round.</summary>
    private const int MaxDigits = 15;

    public static bool TryFind(string name, out Function function, out int min, out int max)
    {
        var found = Table.TryGetValue(name, out var entry);
        (function, min, max) = entry;
        return found;
    }

    public static Number Call(Function function, ReadOnlySpan<Number> args, int position)
    {
        var x = args[0];
        switch (function)
        {
            case Function.Min:
            case Function.Max:
                return MinMax(function == Function.Max, args);
            case Function.Abs:
                return !x.IsInteger ? Number.Of(global::System.Math.Abs(x.Real))
                    : x.Integer == long.MinValue ? Number.Of(-(double)x.Integer) : Number.Of(global::System.Math.Abs(x.Integer));
            case Function.Round:
                return args.Length == 1 ? Whole(x, global::System.Math.Round(x.AsDouble, MidpointRounding.AwayFromZero)) : Round(x, args[1], position);
            case Function.Floor:
                return Whole(x, global::System.Math.Floor(x.AsDouble));
            case Function.Ceil:
                return Whole(x, global::System.Math.Ceiling(x.AsDouble));
            case Function.Pow:
                return Arithmetic.Power(x, args[1], position);
            case Function.Sqrt:
                if (x.AsDouble < 0)
                {
                    throw new ExpressionException($"sqrt at position {position} needs a number that is not negative.", position);
                }
                var root = global::System.Math.Sqrt(x.AsDouble);
                return x.IsInteger && root <= 3037000499 && (long)root * (long)root == x.Integer
                    ? Number.Of((long)root)
                    : Number.Of(root);
            case Function.Log:
                return Log(x, args.Length == 2 ? args[1] : (Number?)null, position);
            case Function.Exp:
                return Arithmetic.Finite(global::System.Math.Exp(x.AsDouble), "exp", position);
            case Function.Sin:
                return Number.Of(global::System.Math.Sin(x.AsDouble));
            case Function.Cos:
                return Number.Of(global::System.Math.Cos(x.AsDouble));
            default:
                return Arithmetic.Finite(global::System.Math.Tan(x.AsDouble), "tan", position);
        }
    }

    private static Number MinMax(bool max, ReadOnlySpan<Number> args)
    {
        var best = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var candidate = args[i];
            var better = candidate.IsInteger && best.IsInteger
                ? (max ? candidate.Integer > best.Integer : candidate.Integer < best.Integer)
                : (max ? candidate.AsDouble > best.AsDouble : candidate.AsDouble < best.AsDouble);
            if (better)
            {
                best = candidate;
            }
        }
        var allIntegers = true;
        foreach (var arg in args)
        {
            allIntegers &= arg.IsInteger;
        }
        return allIntegers || !best.IsInteger ? best : Number.Of((double)best.Integer);
    }

    private static Number Whole(Number x, double rounded) => x.IsInteger ? x : Number.Whole(rounded);

    private static Number Round(Number x, Number digits, int position)
    {
        if (!digits.IsInteger || digits.Integer is < -MaxDigits or > MaxDigits)
        {
            throw new ExpressionException(
                $"round at position {position} needs a whole number of digits between {-MaxDigits} and {MaxDigits}.", position);
        }
        var d = (int)digits.Integer;
        if (d >= 0)
        {
            // Through decimal so that round(2.675, 2) is 2.68, as written, not 2.67 from its binary form.
            return x.IsInteger || global::System.Math.Abs(x.Real) >= 1e15
                ? x
                : Number.Of((double)global::System.Math.Round((decimal)x.Real, d, MidpointRounding.AwayFromZero));
        }
        var factor = global::System.Math.Pow(10, -d);
        return Number.Whole(global::System.Math.Round(x.AsDouble / factor, MidpointRounding.AwayFromZero) * factor);
    }

    private static Number Log(Number x, Number? logBase, int position)
    {
        if (x.AsDouble <= 0)
        {
            throw new ExpressionException($"log at position {position} needs a number greater than 0.", position);
        }
        if (logBase is not { } b)
        {
            return Number.Of(global::System.Math.Log(x.AsDouble));
        }
        if (b.AsDouble <= 0 || b.AsDouble == 1)
        {
            throw new ExpressionException($"log at position {position} needs a base greater than 0 and other than 1.", position);
        }
        return Number.Of(global::System.Math.Log(x.AsDouble, b.AsDouble));
    }
}
