using System.Globalization;

namespace ApiStudio.Processors.Math;

/// <summary>A number while a formula is evaluated: an exact integer, or a float.</summary>
public readonly struct Number
{
    private Number(bool isInteger, long integer, double real)
    {
        IsInteger = isInteger;
        Integer = integer;
        Real = real;
    }

    /// <summary>True for an exact integer (<see cref="Integer"/>); false for a float (<see cref="Real"/>).</summary>
    public bool IsInteger { get; }

    /// <summary>The integer value, when <see cref="IsInteger"/>.</summary>
    public long Integer { get; }

    /// <summary>The float value, when not <see cref="IsInteger"/>.</summary>
    public double Real { get; }

    /// <summary>The value as a double, whichever kind it is.</summary>
    public double AsDouble => IsInteger ? Integer : Real;

    /// <summary>An integer.</summary>
    public static Number Of(long value) => new(true, value, 0);

    /// <summary>A float.</summary>
    public static Number Of(double value) => new(false, 0, value);

    /// <summary>An integer when <paramref name="value"/> is whole and fits a long, else a float.</summary>
    public static Number Whole(double value) =>
        value == global::System.Math.Floor(value) && value >= -9.2e18 && value <= 9.2e18 ? Of((long)value) : Of(value);

    /// <inheritdoc />
    public override string ToString() =>
        IsInteger ? Integer.ToString(CultureInfo.InvariantCulture) : Real.ToString("R", CultureInfo.InvariantCulture);
}
