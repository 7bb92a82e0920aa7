using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Resources;

/// <summary>A 1-based position in a source document (0 when unknown).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>No position known.</summary>
    public static readonly SourcePosition None = new(0, 0);

    /// <inheritdoc />
    public override string ToString() => Line == 0 ? "" : $"line {Line}, column {Column}";
}

/// <summary>
/// One value of a resource tree as written in the document: a scalar literal, a list, a map, or a
/// processor node (a map with both <c>processor</c> and <c>id</c>).
/// </summary>
public abstract class Element
{
    /// <summary>Where the element starts in its document.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>A scalar literal: null, bool, long, double or string.</summary>
public sealed class LiteralElement(object? value) : Element
{
    /// <summary>The scalar value.</summary>
    public object? Value { get; } = value;
}

/// <summary>A list whose items may mix literals and nodes.</summary>
public sealed class ListElement(IReadOnlyList<Element> items) : Element
{
    /// <summary>The items, in order.</summary>
    public IReadOnlyList<Element> Items { get; } = items;
}

/// <summary>A map that is not a processor node; its values may hold nodes.</summary>
public sealed class MapElement(IReadOnlyList<KeyValuePair<string, Element>> entries) : Element
{
    /// <summary>The entries, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, Element>> Entries { get; } = entries;

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public Element? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }
        return null;
    }
}

/// <summary>A processor node: machine name, id and the inputs given to it.</summary>
public sealed class NodeElement(string processor, string id, IReadOnlyList<KeyValuePair<string, Element>> inputs)
    : Element
{
    /// <summary>The processor's machine name as written.</summary>
    public string Processor { get; } = processor;

    /// <summary>The node id, unique within the resource.</summary>
    public string Id { get; } = id;

    /// <summary>The inputs, in document order (every key except <c>processor</c> and <c>id</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, Element>> Inputs { get; } = inputs;

    /// <summary>The input given under <paramref name="name"/>, or null.</summary>
    public Element? Input(string name)
    {
        foreach (var entry in Inputs)
        {
            if (entry.Key == name)
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>The input given for <paramref name="spec"/> under its name or one of its aliases, or null.</summary>
    public Element? Input(InputSpec spec)
    {
        foreach (var entry in Inputs)
        {
            if (spec.IsCalled(entry.Key))
            {
                return entry.Value;
            }
        }
        return null;
    }
}
