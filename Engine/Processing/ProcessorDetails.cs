namespace ApiStudio.Engine.Processing;

/// <summary>
/// What a processor declares about itself (SPEC §4). The machine name is not declared: it is the snake_case of the
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

    /// <summary>The declared inputs, in order.</summary>
    public IReadOnlyList<InputSpec> Inputs { get; }

    /// <summary>The input declared under <paramref name="name"/>, or null.</summary>
    public InputSpec? Input(string name)
    {
        foreach (var input in Inputs)
        {
            if (string.Equals(input.Name, name, StringComparison.Ordinal))
            {
                return input;
            }
        }
        return null;
    }
}
