namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The edits of a document that can be undone and redone, with a change counter and a dirty flag measured
/// against the last save. Raises <see cref="Changed"/> after every edit, undo, redo and save.
/// </summary>
public sealed class UndoStack
{
    /// <summary>Marks a saved state that no undo or redo can reach any more.</summary>
    private static readonly Transaction Unreachable = new("");

    private readonly List<Transaction> _undo = [];
    private readonly List<Transaction> _redo = [];

    /// <summary>The transaction on top of the undo stack when the document was saved; null for the bottom.</summary>
    private Transaction? _saved;

    /// <summary>How many edits are kept for undo; the oldest are forgotten beyond it.</summary>
    public int Limit { get; set; } = 1000;

    /// <summary>Raised after every edit, undo, redo and save.</summary>
    public event EventHandler<DocumentChangedEventArgs>? Changed;

    /// <summary>Counts every change of the document (edits, undos and redos): a view re-renders when it moves.</summary>
    public long Version { get; private set; }

    /// <summary>True when an edit can be undone.</summary>
    public bool CanUndo => _undo.Count > 0;

    /// <summary>True when an undone edit can be redone.</summary>
    public bool CanRedo => _redo.Count > 0;

    /// <summary>What undo would undo (<c>Delete node 'total'</c>), or null.</summary>
    public string? UndoLabel => _undo.Count > 0 ? _undo[^1].Description : null;

    /// <summary>What redo would redo, or null.</summary>
    public string? RedoLabel => _redo.Count > 0 ? _redo[^1].Description : null;

    /// <summary>True when the document differs from its last saved (or loaded) state.</summary>
    public bool IsDirty => !ReferenceEquals(Top, _saved);

    private Transaction? Top => _undo.Count > 0 ? _undo[^1] : null;

    /// <summary>Undoes the last edit; false when there is none.</summary>
    public bool Undo()
    {
        if (_undo.Count == 0)
        {
            return false;
        }
        var transaction = _undo[^1];
        _undo.RemoveAt(_undo.Count - 1);
        transaction.Revert();
        _redo.Add(transaction);
        Raise(ChangeKind.Undo, transaction.Description);
        return true;
    }

    /// <summary>Redoes the last undone edit; false when there is none.</summary>
    public bool Redo()
    {
        if (_redo.Count == 0)
        {
            return false;
        }
        var transaction = _redo[^1];
        _redo.RemoveAt(_redo.Count - 1);
        transaction.Apply();
        _undo.Add(transaction);
        Raise(ChangeKind.Redo, transaction.Description);
        return true;
    }

    /// <summary>Records that the document as it is now has been saved: it is no longer dirty.</summary>
    public void MarkSaved()
    {
        _saved = Top;
        Raise(ChangeKind.Saved, "Save");
    }

    /// <summary>Forgets every edit; the document as it is counts as saved.</summary>
    public void Clear()
    {
        _undo.Clear();
        _redo.Clear();
        _saved = null;
        Raise(ChangeKind.Saved, "Clear history");
    }

    /// <summary>Records an applied edit: it becomes the one to undo, and nothing is left to redo.</summary>
    internal void Push(Transaction transaction)
    {
        _redo.Clear();
        _undo.Add(transaction);
        if (_undo.Count > Limit)
        {
            var forgotten = _undo[0];
            _undo.RemoveAt(0);
            // The bottom of the stack is now the state after the forgotten edit.
            _saved = _saved is null ? Unreachable : ReferenceEquals(_saved, forgotten) ? null : _saved;
        }
        Raise(ChangeKind.Edit, transaction.Description);
    }

    private void Raise(ChangeKind kind, string description)
    {
        Version++;
        Changed?.Invoke(this, new DocumentChangedEventArgs(kind, description, Version));
    }
}

/// <summary>What happened to a document.</summary>
public enum ChangeKind
{
    /// <summary>An edit was made.</summary>
    Edit,

    /// <summary>An edit was undone.</summary>
    Undo,

    /// <summary>An undone edit was redone.</summary>
    Redo,

    /// <summary>The document was saved (or its history cleared): the dirty flag changed, not the content.</summary>
    Saved,
}

/// <summary>Describes one change of a document.</summary>
/// <param name="Kind">Edit, undo, redo or save.</param>
/// <param name="Description">The edit concerned (<c>Add var_str</c>).</param>
/// <param name="Version">The change counter after the change.</param>
public sealed class DocumentChangedEventArgs(ChangeKind kind, string description, long version) : EventArgs
{
    /// <summary>Edit, undo, redo or save.</summary>
    public ChangeKind Kind { get; } = kind;

    /// <summary>The edit concerned.</summary>
    public string Description { get; } = description;

    /// <summary>The change counter after the change.</summary>
    public long Version { get; } = version;
}

/// <summary>
/// One edit as the primitive changes it made, each with its inverse: undone by reverting them in reverse order,
/// redone by applying them again in order.
/// </summary>
internal sealed class Transaction(string description)
{
    private readonly List<(Action Apply, Action Revert)> _changes = [];

    public string Description { get; } = description;

    public bool IsEmpty => _changes.Count == 0;

    /// <summary>Applies a change now and records it.</summary>
    public void Do(Action apply, Action revert)
    {
        apply();
        _changes.Add((apply, revert));
    }

    public void Apply()
    {
        foreach (var (apply, _) in _changes)
        {
            apply();
        }
    }

    public void Revert()
    {
        for (var i = _changes.Count - 1; i >= 0; i--)
        {
            _changes[i].Revert();
        }
    }
}
