using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// One declared input of a processor: what it means, how many values it takes and which values are allowed.
/// The validator, the run-time <c>Val</c> accessor, the catalogue and the studio's forms all read this one declaration.
/// </summary>
/// <param name="Name">The input key in a document (snake_case).</param>
/// <param name="Description">What the input means, shown in the studio.</param>
public sealed record InputSpec(string Name, string Description)
{
    /// <summary>Marks an unbounded maximum cardinality.</summary>
    public const int Many = -1;

    /// <summary>Minimum number of values; 1 or more makes the input required.</summary>
    public int Min { get; init; }

    /// <summary>Maximum number of values, or <see cref="Many"/>. An input with Max &gt; 1 takes a YAML list of values.</summary>
    public int Max { get; init; } = 1;

    /// <summary>False when the input must be a processor node, never a literal.</summary>
    public bool LiteralAllowed { get; init; } = true;

    /// <summary>
    /// False when the input must be a literal written in the document, never a processor node: for values that must
    /// not be computed from the request (an SQL query, a switch that turns access checks off).
    /// </summary>
    public bool NodeAllowed { get; init; } = true;

    /// <summary>Machine names of the processors allowed as this input's nodes; empty = any.</summary>
    public IReadOnlyList<string> LimitProcessors { get; init; } = [];

    /// <summary>Types the values may have; empty = any.</summary>
    public IReadOnlyList<DataType> LimitTypes { get; init; } = [];

    /// <summary>Values allowed (compared as text, case-sensitive); empty = any.</summary>
    public IReadOnlyList<object> LimitValues { get; init; } = [];

    /// <summary>The value used when the input is absent.</summary>
    public object? Default { get; init; }

    /// <summary>
    /// Other keys a document may give the input under (ApiOpenStudio's name where ours differs). One input, several
    /// spellings: the validator, the planner, the run-time accessor and the catalogue all resolve them here.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>For conditional processors: the input is handed to the processor unevaluated (a branch).</summary>
    public bool Conditional { get; init; }

    /// <summary>True when at least one value is required.</summary>
    public bool Required => Min > 0;

    /// <summary>True when the input takes a list of values.</summary>
    public bool IsMulti => Max == Many || Max > 1;

    /// <summary>True when a document key names this input: its name or one of its aliases.</summary>
    public bool IsCalled(string key)
    {
        if (string.Equals(Name, key, StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, key, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Cardinality as written in documentation: <c>[1, 1]</c>, <c>[0, *]</c>.</summary>
    public string CardinalityText => $"[{Min}, {(Max == Many ? "*" : Max.ToString(System.Globalization.CultureInfo.InvariantCulture))}]";
}
