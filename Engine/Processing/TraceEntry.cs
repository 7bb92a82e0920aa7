namespace ApiStudio.Engine.Processing;

/// <summary>One evaluated node in a trace: its inputs, output, duration and error.</summary>
/// <param name="Id">Node id.</param>
/// <param name="Processor">Machine name.</param>
/// <param name="Inputs">Evaluated inputs as truncated text, by input name (conditional inputs are not listed).</param>
/// <param name="OutputType">Type name of the output, or <c>branch</c> when a conditional node chose a branch.</param>
/// <param name="Output">The output as truncated text.</param>
/// <param name="DurationMs">Time spent in the processor itself.</param>
/// <param name="Error">The error message, when the node failed.</param>
public sealed record TraceEntry(
    string Id,
    string Processor,
    IReadOnlyDictionary<string, string> Inputs,
    string OutputType,
    string Output,
    double DurationMs,
    string? Error);
