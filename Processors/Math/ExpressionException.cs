namespace ApiStudio.Processors.Math;

/// <summary>A formula that cannot be parsed or evaluated, with the 1-based position of the problem (0 = whole formula).</summary>
public sealed class ExpressionException(string message, int position) : Exception(message)
{
    /// <summary>1-based character position in the formula; 0 when the problem is not at one place.</summary>
    public int Position { get; } = position;
}
