using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>Assertions shared by the editor's tests: an edit undoes and redoes exactly, links and index stay right.</summary>
public static class EditorChecks
{
    /// <summary>
    /// Runs <paramref name="edit"/>, which must succeed and change the text; then undo must give the text before and
    /// redo the text after, with the model consistent at every step. Returns the result of the edit.
    /// </summary>
    public static EditResult UndoesAndRedoes(EditorDocument model, Func<EditResult> edit)
    {
        var before = model.ToText();
        var result = edit();
        Assert.That(result.Succeeded, Is.True, result.ToString());
        var after = model.ToText();
        Assert.That(after, Is.Not.EqualTo(before), "the edit changes the document");
        Consistent(model);
        Assert.That(model.Undo(), Is.True);
        Assert.That(model.ToText(), Is.EqualTo(before), "undo");
        Consistent(model);
        Assert.That(model.Redo(), Is.True);
        Assert.That(model.ToText(), Is.EqualTo(after), "redo");
        Consistent(model);
        return result;
    }

    /// <summary>A refused edit changes nothing: same text, same version, nothing new to undo.</summary>
    public static EditResult Refused(EditorDocument model, Func<EditResult> edit)
    {
        var before = model.ToText();
        var version = model.Version;
        var undo = model.History.UndoLabel;
        var result = edit();
        Assert.That(result.Succeeded, Is.False, "the edit is refused");
        Assert.That(result.Error, Is.Not.Empty);
        Assert.That((model.ToText(), model.Version, model.History.UndoLabel), Is.EqualTo((before, version, undo)));
        Consistent(model);
        return result;
    }

    /// <summary>Every value links to its container at the right place, and the index holds exactly the document's nodes.</summary>
    public static void Consistent(EditorDocument model)
    {
        var nodes = model.Nodes().ToList();
        Assert.That(model.NodeCount, Is.EqualTo(nodes.Count), "index size");
        foreach (var node in nodes)
        {
            Assert.That(model.NodesWithId(node.Id), Has.Member(node), $"node '{node.Id}' is indexed under its id");
        }
        foreach (var section in model.Sections)
        {
            if (section.Root is null)
            {
                continue;
            }
            Assert.That((section.Root.Container, section.Root.Section), Is.EqualTo(((EditorValue?)null, section)));
            var pending = new Stack<EditorValue>();
            pending.Push(section.Root);
            while (pending.TryPop(out var value))
            {
                switch (value)
                {
                    case EditorNode node:
                        foreach (var (name, input) in node.Inputs)
                        {
                            Assert.That(input.Container, Is.SameAs(node));
                            Assert.That(input.Slot, Is.EqualTo(EditorSlot.Of(node, name)));
                            pending.Push(input);
                        }
                        break;
                    case EditorList list:
                        for (var i = 0; i < list.Items.Count; i++)
                        {
                            Assert.That(list.Items[i].Container, Is.SameAs(list));
                            Assert.That(list.Items[i].Slot, Is.EqualTo(list.Slot!.Item(i)));
                            pending.Push(list.Items[i]);
                        }
                        break;
                    case EditorMap map:
                        foreach (var (key, entry) in map.Entries)
                        {
                            Assert.That(entry.Container, Is.SameAs(map));
                            Assert.That(entry.Slot, Is.EqualTo(map.Slot!.Entry(key)));
                            pending.Push(entry);
                        }
                        break;
                }
            }
        }
    }
}
