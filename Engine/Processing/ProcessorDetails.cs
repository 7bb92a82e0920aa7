using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// What a processor declares about itself. The machine name is not declared: it is the snake_case of the
/// class name. The menu defaults to the processor's folder (the last segment of its namespace).
/// </summary>
public sealed class ProcessorDetails
{
    /// <summary>Declares a processor.</summary>
    public ProcessorDetails(string name, string description, params InputSpec[] inputs)
    {
        Name = name;
        Description = description;
        Inputs = inputs;
    }

    /// <summary>Human title.</summary>
    public string Name { get; }

    /// <summary>What the processor does.</summary>
    public string Description { get; }

    /// <summary>Palette category; null = derived from the namespace (<c>Processors.DataOperation</c> → "Data operation").</summary>
    public string? Menu { get; init; }

    /// <summary>True when the processor returns a branch for the parser to evaluate in its place.</summary>
    public bool Conditional { get; init; }

    /// <summary>
    /// What the processor reads of the request and its caller. Unknown unless declared: a plan holding a processor
    /// that declares nothing is never cached, since its answer might depend on anything.
    /// </summary>
    public RequestReads Reads { get; init; } = RequestReads.Unknown;

    /// <summary>
    /// With <see cref="RequestReads.NamedHeaders"/>: the input that names the header read. A literal name keys the
    /// cache by that header; a computed one by every header.
    /// </summary>
    public string? HeaderInput { get; init; }

    /// <summary>Declares that a processor may return a value of any type: the validator never checks what it feeds.</summary>
    public static readonly IReadOnlyList<DataType> AnyType = [];

    /// <summary>What a plain value (a number, text, boolean, list or map, or null) becomes in a container.</summary>
    public static readonly IReadOnlyList<DataType> PlainTypes =
        [DataType.Array, DataType.Boolean, DataType.Float, DataType.Integer, DataType.Text, DataType.Undefined];

    /// <summary>
    /// The types the processor may return; <see cref="AnyType"/> (empty) for any. Null when undeclared, which counts
    /// as any, so a plugin that declares nothing is never flagged.
    /// </summary>
    public IReadOnlyList<DataType>? Returns { get; init; }

    /// <summary>
    /// The input that names the returned type (<c>expected_type</c>, <c>data_type</c>): a literal type name there
    /// replaces <see cref="Returns"/>; a computed one means any type.
    /// </summary>
    public string? ReturnsTypeOf { get; init; }

    /// <summary>
    /// The inputs whose values the node returns as they are (the branches of a conditional processor). The node
    /// returns the union of what they hold (undefined where one is absent) and of <see cref="Returns"/>, which then
    /// lists only what the node returns besides them (empty: nothing else).
    /// </summary>
    public IReadOnlyList<string> ReturnsBranches { get; init; } = [];

    /// <summary>
    /// A publish-time check of the node's literal inputs together (the <c>script</c> processor parses its code): given
    /// the literal values by input name, it answers each problem with the input it concerns. Null for none.
    /// </summary>
    public Func<IReadOnlyDictionary<string, object?>, IEnumerable<KeyValuePair<string, string>>>? CheckLiterals { get; init; }

    /// <summary>The declared inputs, in order.</summary>
    public IReadOnlyList<InputSpec> Inputs { get; }

    /// <summary>The input declared under <paramref name="name"/> (its name or an alias), or null.</summary>
    public InputSpec? Input(string name)
    {
        foreach (var input in Inputs)
        {
            if (input.IsCalled(name))
            {
                return input;
            }
        }
        return null;
    }
}
