namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// A copied sub-tree in clipboard form: YAML as a document holds it, so it can go through the system clipboard
/// and be pasted into any document (ids are made unique on paste).
/// </summary>
public sealed class EditorClipboard(string text)
{
    /// <summary>The sub-tree as YAML (JSON is read too).</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override string ToString() => Text;
}
