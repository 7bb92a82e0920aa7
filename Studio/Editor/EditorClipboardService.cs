using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor;

/// <summary>The sub-tree a designer copied, kept for the circuit so it can be pasted into any resource they edit.</summary>
public sealed class EditorClipboardService
{
    /// <summary>The last copy, or null before the first.</summary>
    public EditorClipboard? Content { get; private set; }

    /// <summary>What the last copy was of (<c>concatenate · greeting</c>), for the paste button.</summary>
    public string? Label { get; private set; }

    /// <summary>Raised after every copy, so every open view can offer to paste.</summary>
    public event EventHandler? Changed;

    /// <summary>Keeps a copy of <paramref name="node"/>'s sub-tree, replacing the previous one.</summary>
    public void Copy(EditorNode node)
    {
        Content = EditorDocument.Copy(node);
        Label = $"{node.Processor} · {node.Id}";
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
