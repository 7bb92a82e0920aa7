namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The primitive changes every command is made of. Each applies itself and records its inverse in the command's
/// <see cref="Transaction"/>, and keeps parent links and the node index right; commands never touch the tree
/// otherwise.
/// </summary>
public sealed partial class EditorDocument
{
    /// <summary>
    /// Where a value sits or would go: a section root (no container), an input of a node or an entry of a map
    /// (container and key), or an item of a list (container and index; the list's count for a new last item).
    /// </summary>
    private readonly record struct Place(EditorSection? Section, EditorValue? Container, string? Key, int Index)
    {
        public EditorValue? Current => Container switch
        {
            null => Section!.Root,
            EditorNode node => node.InputList.Get(Key!),
            EditorMap map => map.EntryList.Get(Key!),
            EditorList list => Index < list.ItemList.Count ? list.ItemList[Index] : null,
            _ => null,
        };
    }

    /// <summary>Runs a command as one undoable edit; a command that throws leaves the document as it was.</summary>
    private EditResult Edit(string description, Func<Transaction, EditResult> command)
    {
        var transaction = new Transaction(description);
        EditResult result;
        try
        {
            result = command(transaction);
        }
        catch
        {
            transaction.Revert();
            throw;
        }
        if (!result.Succeeded)
        {
            transaction.Revert();
        }
        else if (!transaction.IsEmpty)
        {
            History.Push(transaction);
        }
        return result;
    }

    /// <summary>Finds where a slot is; false with a message when it is not in this document.</summary>
    private bool TryResolve(EditorSlot slot, out Place place, out string error)
    {
        place = default;
        if (slot.Node is { } node)
        {
            if (!Holds(node))
            {
                error = $"Node '{node.Id}' is not in the document.";
                return false;
            }
            place = new Place(null, node, slot.Input, 0);
        }
        else if (slot.RootSection is { } section && Holds(section))
        {
            place = new Place(section, null, null, 0);
        }
        else
        {
            error = $"Section {slot.RootSection?.Label} is not in the document.";
            return false;
        }
        var steps = slot.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            var current = place.Current;
            var step = steps[i];
            var last = i == steps.Count - 1;
            if (step.IsItem && current is EditorList list && step.Index >= 0
                && (step.Index < list.ItemList.Count || (last && step.Index == list.ItemList.Count)))
            {
                place = new Place(null, list, null, step.Index);
            }
            else if (!step.IsItem && current is EditorMap map)
            {
                place = new Place(null, map, step.Key, 0);
            }
            else
            {
                error = current switch
                {
                    EditorList when step.IsItem => $"{slot.Up ?? slot} has no item {step.Index}.",
                    _ => $"{slot} does not exist: the value above it is not a {(step.IsItem ? "list" : "map")}.",
                };
                return false;
            }
        }
        error = "";
        return true;
    }

    /// <summary>Puts <paramref name="value"/> at a place: replaces what is there, or adds the input, entry or item.</summary>
    private void Put(Transaction transaction, Place place, EditorValue value)
    {
        switch (place.Container)
        {
            case null:
                var section = place.Section!;
                var oldRoot = section.Root;
                transaction.Do(() => SetRoot(section, value), () => SetRoot(section, oldRoot));
                break;
            case EditorList list when place.Index == list.ItemList.Count:
                Insert(transaction, list, place.Index, value);
                break;
            case EditorList list:
                var index = place.Index;
                var oldItem = list.ItemList[index];
                transaction.Do(() => ReplaceItem(list, index, value), () => ReplaceItem(list, index, oldItem));
                break;
            default:
                var container = place.Container;
                var entries = Entries(container);
                var key = place.Key!;
                var at = entries.IndexOf(key);
                if (at >= 0)
                {
                    var old = entries.Pairs[at].Value;
                    transaction.Do(() => ReplaceEntry(container, entries, at, value), () => ReplaceEntry(container, entries, at, old));
                }
                else
                {
                    var position = container is EditorNode node ? NewInputPosition(node, key) : entries.Count;
                    transaction.Do(() => InsertEntry(container, entries, position, key, value), () => RemoveEntry(entries, position));
                }
                break;
        }
    }

    /// <summary>Removes what is at a place: the input, entry or item goes; a section root becomes absent.</summary>
    private void Take(Transaction transaction, Place place)
    {
        switch (place.Container)
        {
            case null:
                var section = place.Section!;
                var oldRoot = section.Root;
                transaction.Do(() => SetRoot(section, null), () => SetRoot(section, oldRoot));
                break;
            case EditorList list:
                var index = place.Index;
                var item = list.ItemList[index];
                transaction.Do(() => RemoveItem(list, index), () => InsertItem(list, index, item));
                break;
            default:
                var container = place.Container;
                var entries = Entries(container);
                var at = entries.IndexOf(place.Key!);
                var (key, value) = entries.Pairs[at];
                transaction.Do(() => RemoveEntry(entries, at), () => InsertEntry(container, entries, at, key, value));
                break;
        }
    }

    private void Insert(Transaction transaction, EditorList list, int index, EditorValue value) =>
        transaction.Do(() => InsertItem(list, index, value), () => RemoveItem(list, index));

    private void Move(Transaction transaction, EditorList list, int from, int to)
    {
        var item = list.ItemList[from];
        transaction.Do(() => RemoveItem(list, from), () => InsertItem(list, from, item));
        transaction.Do(() => InsertItem(list, to, item), () => RemoveItem(list, to));
    }

    private void Rename(Transaction transaction, EditorNode node, string id)
    {
        var old = node.Id;
        var index = _content.Index;
        transaction.Do(() => index.Rename(node, id), () => index.Rename(node, old));
    }

    private void RenameEntry(Transaction transaction, EditorMap map, int at, string key)
    {
        var (old, value) = map.EntryList.Pairs[at];
        transaction.Do(() => map.EntryList.Set(at, key, value), () => map.EntryList.Set(at, old, value));
        transaction.Do(() => value.AttachTo(map, key, 0), () => value.AttachTo(map, old, 0));
    }

    private void PutHeader(Transaction transaction, string key, bool present, object? value)
    {
        var header = _content.Header;
        var wasPresent = header.Has(key);
        var old = header.Get(key);
        transaction.Do(() => header.Put(key, present, value), () => header.Put(key, wasPresent, old));
        // A problem the loader found with this key's value no longer applies once the key is set again.
        var problems = _content.LoadProblems;
        var before = problems.ToList();
        var after = before.Where(p => !p.StartsWith($"'{key}' ", StringComparison.Ordinal)).ToList();
        if (after.Count != before.Count)
        {
            transaction.Do(() => Refill(problems, after), () => Refill(problems, before));
        }
    }

    private void InsertFragment(Transaction transaction, int index, EditorSection fragment)
    {
        var fragments = _content.Fragments;
        var nodes = _content.Index;
        transaction.Do(() =>
        {
            fragments.Insert(index, fragment);
            if (fragment.Root is { } root)
            {
                nodes.Add(root);
            }
        }, () =>
        {
            fragments.RemoveAt(index);
            if (fragment.Root is { } root)
            {
                nodes.Remove(root);
            }
        });
    }

    private void RemoveFragment(Transaction transaction, int index)
    {
        var fragments = _content.Fragments;
        var fragment = fragments[index];
        var nodes = _content.Index;
        transaction.Do(() =>
        {
            fragments.RemoveAt(index);
            if (fragment.Root is { } root)
            {
                nodes.Remove(root);
            }
        }, () =>
        {
            fragments.Insert(index, fragment);
            if (fragment.Root is { } root)
            {
                nodes.Add(root);
            }
        });
    }

    private static void RenameFragment(Transaction transaction, EditorSection fragment, string name)
    {
        var old = fragment.Name;
        transaction.Do(() => fragment.Name = name, () => fragment.Name = old);
    }

    private void Swap(Transaction transaction, Content content)
    {
        var old = _content;
        transaction.Do(() => _content = content, () => _content = old);
    }

    /// <summary>
    /// Where a new input goes: after the last given input the processor declares before it, else before the first
    /// it declares after it, else last; so inputs added one by one follow the declared order.
    /// </summary>
    private int NewInputPosition(EditorNode node, string name)
    {
        var inputs = Catalogue.Find(node.Processor)?.Details.Inputs;
        var declared = inputs is null ? -1 : IndexOf(inputs, name);
        var count = node.InputList.Count;
        if (declared < 0)
        {
            return count;
        }
        int lastBefore = -1, firstAfter = -1;
        for (var i = 0; i < count; i++)
        {
            var other = IndexOf(inputs!, node.InputList.Pairs[i].Key);
            if (other >= 0 && other < declared)
            {
                lastBefore = i;
            }
            else if (other > declared && firstAfter < 0)
            {
                firstAfter = i;
            }
        }
        return lastBefore >= 0 ? lastBefore + 1 : firstAfter >= 0 ? firstAfter : count;
    }

    private static int IndexOf(IReadOnlyList<Engine.Processing.InputSpec> inputs, string name)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].IsCalled(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static KeyedValues Entries(EditorValue container) =>
        container is EditorNode node ? node.InputList : ((EditorMap)container).EntryList;

    private static void Refill(List<string> list, List<string> items)
    {
        list.Clear();
        list.AddRange(items);
    }

    // ---- the raw changes, each keeping links and the index right ----

    private void SetRoot(EditorSection section, EditorValue? value)
    {
        if (section.Root is { } old)
        {
            Unlink(old);
        }
        section.Root = value;
        if (value is not null)
        {
            value.AttachAsRoot(section);
            Link(value, section);
        }
    }

    private void InsertItem(EditorList list, int index, EditorValue value)
    {
        list.ItemList.Insert(index, value);
        value.AttachTo(list, null, index);
        Renumber(list, index + 1);
        Link(value, list);
    }

    private void RemoveItem(EditorList list, int index)
    {
        var value = list.ItemList[index];
        list.ItemList.RemoveAt(index);
        Unlink(value);
        Renumber(list, index);
    }

    private void ReplaceItem(EditorList list, int index, EditorValue value)
    {
        Unlink(list.ItemList[index]);
        list.ItemList[index] = value;
        value.AttachTo(list, null, index);
        Link(value, list);
    }

    private void InsertEntry(EditorValue container, KeyedValues entries, int index, string key, EditorValue value)
    {
        entries.Insert(index, key, value);
        value.AttachTo(container, key, 0);
        Link(value, container);
    }

    private void RemoveEntry(KeyedValues entries, int index)
    {
        var value = entries.Pairs[index].Value;
        entries.RemoveAt(index);
        Unlink(value);
    }

    private void ReplaceEntry(EditorValue container, KeyedValues entries, int index, EditorValue value)
    {
        var key = entries.Pairs[index].Key;
        Unlink(entries.Pairs[index].Value);
        entries.Set(index, key, value);
        value.AttachTo(container, key, 0);
        Link(value, container);
    }

    /// <summary>Indexes a value just attached, when its container is in the document (a fragment being removed is not).</summary>
    private void Link(EditorValue value, EditorValue container)
    {
        if (Holds(container))
        {
            _content.Index.Add(value);
        }
    }

    private void Link(EditorValue value, EditorSection section)
    {
        if (Holds(section))
        {
            _content.Index.Add(value);
        }
    }

    private void Unlink(EditorValue value)
    {
        if (Holds(value))
        {
            _content.Index.Remove(value);
        }
        value.Detach();
    }

    private static void Renumber(EditorList list, int from)
    {
        for (var i = from; i < list.ItemList.Count; i++)
        {
            list.ItemList[i].Index = i;
        }
    }
}
