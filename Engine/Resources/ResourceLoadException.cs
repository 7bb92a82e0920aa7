namespace ApiStudio.Engine.Resources;

/// <summary>A document that cannot be read: malformed, over a limit, or with duplicate keys. Names the source and position.</summary>
public sealed class ResourceLoadException(string source, SourcePosition position, string reason)
    : Exception(position.Line > 0 ? $"{source} ({position}): {reason}" : $"{source}: {reason}")
{
    /// <summary>The file or label the document came from.</summary>
    public string DocumentSource { get; } = source;

    /// <summary>Where the problem was found (0 when unknown).</summary>
    public SourcePosition Position { get; } = position;

    /// <summary>The problem, without source and position.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The limits enforced while reading a document.</summary>
public sealed record DocumentLimits
{
    /// <summary>The default limits: 1 MiB, 10,000 nodes, depth 256.</summary>
    public static readonly DocumentLimits Default = new();

    /// <summary>Largest document in bytes (UTF-8).</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Most processor nodes.</summary>
    public int MaxNodes { get; init; } = 10_000;

    /// <summary>Deepest nesting of processor nodes.</summary>
    public int MaxNodeDepth { get; init; } = 256;

    /// <summary>Deepest nesting of lists and maps of any kind.</summary>
    public int MaxStructureDepth { get; init; } = 1024;

    /// <summary>Most values (scalars, lists, maps), counting every expansion of a YAML alias.</summary>
    public int MaxValues { get; init; } = 200_000;
}
