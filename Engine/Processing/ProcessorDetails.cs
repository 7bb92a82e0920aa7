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
