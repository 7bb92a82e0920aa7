using ApiStudio.Engine.Resources;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The outcome of a command: done (with the node it added, when it added one), or refused with a message for the
/// user and, for text that could not be read, the line and column. A refused command changes nothing.
/// </summary>
public sealed class EditResult
{
    private static readonly EditResult Ok = new(true, null, SourcePosition.None, null);

    private EditResult(bool succeeded, string? error, SourcePosition position, EditorNode? node)
    {
        Succeeded = succeeded;
        Error = error;
        Position = position;
        Node = node;
    }

    /// <summary>True when the edit was made.</summary>
    public bool Succeeded { get; }

    /// <summary>Why the edit was refused; null when it succeeded.</summary>
    public string? Error { get; }

    /// <summary>Where in the given text the problem is (line and column from 1); <see cref="SourcePosition.None"/> otherwise.</summary>
    public SourcePosition Position { get; }

    /// <summary>The node the edit added (the root of a pasted or duplicated sub-tree), when it added one.</summary>
    public EditorNode? Node { get; }

    internal static EditResult Done(EditorNode? node = null) => node is null ? Ok : new(true, null, SourcePosition.None, node);

    /// <summary>A refused edit: nothing changed, and why.</summary>
    public static EditResult Refused(string error, SourcePosition? position = null) =>
        new(false, error, position ?? SourcePosition.None, null);

    /// <inheritdoc />
    public override string ToString() =>
        Succeeded ? "done" : Position.Line > 0 ? $"refused ({Position}): {Error}" : $"refused: {Error}";
}
