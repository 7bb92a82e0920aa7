namespace ApiStudio.Engine.Resources;

/// <summary>
/// A loaded resource document, before validation. Header values are kept as written so the validator can
/// report every problem; <see cref="Process"/> and the other trees are <see cref="Element"/>s.
/// </summary>
public sealed class ResourceDocument
{
    /// <summary>Where the document came from (a file path or a label such as <c>&lt;request body&gt;</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The header keys present in the document, whatever their values.</summary>
    public IReadOnlySet<string> Keys { get; init; } = new HashSet<string>();

    /// <summary>Human title.</summary>
    public string? Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Account name.</summary>
    public string? Account { get; init; }

    /// <summary>Application name within the account.</summary>
    public string? Application { get; init; }

    /// <summary>ApiOpenStudio application id, accepted instead of account + application.</summary>
    public long? AppId { get; init; }

    /// <summary>Path after <c>/api/{account}/{application}/</c>.</summary>
    public string? Uri { get; init; }

    /// <summary>HTTP method, lower-case.</summary>
    public string? Method { get; init; }

    /// <summary>Cache time in seconds; null when absent or not an integer (see <see cref="HeaderErrors"/>).</summary>
    public long? Ttl { get; init; }

    /// <summary>
    /// True when every call is queued: answered at once with 202 and a job that runs the resource (as if each call
    /// asked with <c>?queue=1</c>); null when absent or not a boolean (see <see cref="HeaderErrors"/>).
    /// </summary>
    public bool? Queued { get; init; }

    /// <summary>The security node, if any.</summary>
    public Element? Security { get; init; }

    /// <summary>Named fragments, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, Element>> Fragments { get; init; } = [];

    /// <summary>The process tree (a node or a literal).</summary>
    public Element? Process { get; init; }

    /// <summary>The output section as written; null means <c>response</c>.</summary>
    public Element? Output { get; init; }

    /// <summary>The OpenAPI override, as a plain value.</summary>
    public object? OpenApi { get; init; }

    /// <summary>The examples run by <c>apistudio test</c>, as plain values.</summary>
    public object? Tests { get; init; }

    /// <summary>Problems with header values found while loading (wrong scalar types, unknown keys).</summary>
    public IReadOnlyList<string> HeaderErrors { get; init; } = [];

    /// <summary>A label for messages: the name, else the source.</summary>
    public string Label => string.IsNullOrWhiteSpace(Name) ? Source : Name!;
}
