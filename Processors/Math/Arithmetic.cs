namespace ApiStudio.Processors.Math;

/// <summary>The operators of formulas on <see cref="Number"/>s: exact on integers, falling back to floats on overflow.</summary>
internal static class Arithmetic
{
    public static Number Negate(Number a) =>
        !a.IsInteger ? Number.Of(-a.Real) : a.Integer == long.MinValue ? Number.Of(-(double)a.Integer) : Number.Of(-a.Integer);

    public static Number Binary(OpCode op, Number a, Number b, int position) => op switch
    {
        OpCode.Add => a.IsInteger && b.IsInteger && Add(a.Integer, b.Integer, out var sum)
            ? Number.Of(sum)
            : Finite(a.AsDouble + b.AsDouble, "+", position),
        OpCode.Subtract => a.IsInteger && b.IsInteger && Subtract(a.Integer, b.Integer, out var difference)
            ? Number.Of(difference)
            : Finite(a.AsDouble - b.AsDouble, "-", position),
        OpCode.Multiply => a.IsInteger && b.IsInteger && Multiply(a.Integer, b.Integer, out var product)
            ? Number.Of(product)
            : Finite(a.AsDouble * b.AsDouble, "*", position),
        OpCode.Divide => Divide(a, b, position),
        OpCode.Modulo => Modulo(a, b, position),
        _ => Power(a, b, position),
    };

    public static Number Power(Number a, Number b, int position)
    {
        if (a.IsInteger && b.IsInteger)
        {
            if (b.Integer >= 0 && IntegerPower(a.Integer, b.Integer, out var power))
            {
                return Number.Of(power);
            }
            if (b.Integer < 0)
            {
                if (a.Integer == 0)
                {
                    throw DivisionByZero(position);
                }
                if (a.Integer is 1 or -1)
                {
                    return Number.Of(a.Integer == -1 && (b.Integer & 1) == 1 ? -1L : 1L);
                }
            }
        }
        else if (a.AsDouble == 0 && b.AsDouble < 0)
        {
            throw DivisionByZero(position);
        }
        return Finite(global::System.Math.Pow(a.AsDouble, b.AsDouble), "^", position);
    }

    /// <summary>The error for a result that is infinite or not a number.</summary>
    public static Number Finite(double value, string what, int position) => double.IsFinite(value)
        ? Number.Of(value)
        : throw new ExpressionException(double.IsNaN(value)
            ? $"The result of {what} at position {position} is not a real number."
            : $"The result of {what} at position {position} is too large.", position);

    public static ExpressionException DivisionByZero(int position) =>
        new($"Division by zero at position {position}.", position);

    private static Number Divide(Number a, Number b, int position)
    {
        if (b.AsDouble == 0)
        {
            throw DivisionByZero(position);
        }
        if (a.IsInteger && b.IsInteger && a.Integer % b.Integer == 0 && !(a.Integer == long.MinValue && b.Integer == -1))
        {
            return Number.Of(a.Integer / b.Integer);
        }
        return Finite(a.AsDouble / b.AsDouble, "/", position);
    }

    private static Number Modulo(Number a, Number b, int position)
    {
        if (b.AsDouble == 0)
        {
            throw DivisionByZero(position);
        }
        if (a.IsInteger && b.IsInteger)
        {
            // long.MinValue % -1 overflows in .NET; the remainder is 0.
            return Number.Of(b.Integer == -1 ? 0 : a.Integer % b.Integer);
        }
        return Finite(a.AsDouble % b.AsDouble, "%", position);
    }

    private static bool Add(long a, long b, out long result)
    {
        result = unchecked(a + b);
        return ((a ^ result) & (b ^ result)) >= 0;
    }

    private static bool Subtract(long a, long b, out long result)
    {
        result = unchecked(a - b);
        return ((a ^ b) & (a ^ result)) >= 0;
    }

    private static bool Multiply(long a, long b, out long result)
    {
        var high = global::System.Math.BigMul(a, b, out result);
        return high == result >> 63;
    }

    private static bool IntegerPower(long value, long exponent, out long result)
    {
        result = 1;
        var factor = value;
        while (exponent > 0)
        {
            if ((exponent & 1) == 1 && !Multiply(result, factor, out result))
            {
                return false;
            }
            exponent >>= 1;
            if (exponent > 0 && !Multiply(factor, factor, out factor))
            {
                return false;
            }
        }
        return true;
    }
}
