using System.Globalization;
using ApiStudio.Engine.Resources;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// The commands the studio sends to the document. Each is one undoable edit; a refused command (an id already
/// used, a slot that does not take the processor, text that cannot be read) changes nothing and says why.
/// </summary>
public sealed partial class EditorDocument
{
    /// <summary>The processor of the nodes that refer to a fragment, and its input naming the fragment.</summary>
    private const string FragmentProcessor = "fragment", FragmentNameInput = "name";

    // ---- nodes ----

    /// <summary>
    /// Adds a new node of <paramref name="processor"/>, with a fresh id derived from the processor's name
    /// (<c>concatenate</c>, then <c>concatenate_2</c>...). At a list item the node is inserted there; on a list it is
    /// appended; on an input that takes several values it starts a list (after the one value the input held, if any);
    /// elsewhere it takes the slot's place.
    /// Refused when the slot does not accept the processor or the input's cardinality allows no more values.
    /// </summary>
    public EditResult AddNode(EditorSlot slot, string processor) =>
        Edit($"Add {processor}", transaction =>
        {
            if (AcceptProblem(slot, processor) is { } problem)
            {
                return EditResult.Refused(problem);
            }
            var node = new EditorNode(processor, FreshId(processor, null));
            return AddAt(transaction, slot, node);
        });

    /// <summary>Puts a new node of <paramref name="processor"/> in the slot's place, replacing what is there (literal → node).</summary>
    public EditResult SetNode(EditorSlot slot, string processor) =>
        Edit($"Set {slot} to {processor}", transaction =>
        {
            if (AcceptProblem(slot, processor) is { } problem)
            {
                return EditResult.Refused(problem);
            }
            if (!TryResolve(slot, out var place, out var error))
            {
                return EditResult.Refused(error);
            }
            var node = new EditorNode(processor, FreshId(processor, null));
            Put(transaction, place, node);
            return EditResult.Done(node);
        });

    /// <summary>Removes a node and its sub-tree from wherever it sits (its input, list item, map entry or section root).</summary>
    public EditResult DeleteNode(EditorNode node) =>
        node.Slot is { } slot && Holds(node)
            ? Edit($"Delete node '{node.Id}'", transaction => TakeAt(transaction, slot))
            : EditResult.Refused($"Node '{node.Id}' is not in the document.");

    /// <summary>
    /// Inserts a copy of a node's sub-tree right after it, with fresh ids; the node must be a list item (elsewhere,
    /// copy it and paste it into a slot). Refused when the input's cardinality allows no more values.
    /// </summary>
    public EditResult Duplicate(EditorNode node) =>
        Edit($"Duplicate node '{node.Id}'", transaction =>
        {
            if (!Holds(node) || node.Slot is not { } slot)
            {
                return EditResult.Refused($"Node '{node.Id}' is not in the document.");
            }
            if (slot.ItemIndex is not { } index)
            {
                return EditResult.Refused($"Node '{node.Id}' is not a list item: copy it and paste it into a slot.");
            }
            var copy = Fresh(EditorElements.ToElement(node));
            return AddAt(transaction, slot.Up!.Item(index + 1), copy);
        });

    /// <summary>Gives a node a new id; refused when the id is empty or already used.</summary>
    public EditResult RenameNode(EditorNode node, string id) =>
        Edit($"Rename node '{node.Id}' to '{id}'", transaction =>
        {
            if (!Holds(node))
            {
                return EditResult.Refused($"Node '{node.Id}' is not in the document.");
            }
            if (string.IsNullOrWhiteSpace(id))
            {
                return EditResult.Refused("A node id must not be empty.");
            }
            if (string.Equals(id, node.Id, StringComparison.Ordinal))
            {
                return EditResult.Done(node);
            }
            if (FindNode(id) is { } other)
            {
                return EditResult.Refused(
                    $"The id '{id}' is already used by node '{other.Id}' ({other.Processor}) in {other.Section?.Label}: node ids must be unique.");
            }
            Rename(transaction, node, id);
            return EditResult.Done(node);
        });

    // ---- literals, inputs and items ----

    /// <summary>
    /// Puts a literal in the slot's place, replacing what is there (node → literal): a text, a number, a boolean,
    /// null, a list or a map of those. Refused for a value that would read back as a processor node.
    /// </summary>
    public EditResult SetLiteral(EditorSlot slot, object? value) =>
        Edit($"Set {slot}", transaction =>
        {
            if (!TryReadLiteral(value, out var literal, out var refusal))
            {
                return refusal;
            }
            if (!TryResolve(slot, out var place, out var error))
            {
                return EditResult.Refused(error);
            }
            if (!(place.Current is EditorLiteral old && literal is EditorLiteral given && Equals(old.Value, given.Value)))
            {
                Put(transaction, place, literal);
            }
            return EditResult.Done();
        });

    /// <summary>Adds a literal the way <see cref="AddNode"/> adds a node: inserted at an item, appended to a list, or set.</summary>
    public EditResult AddLiteral(EditorSlot slot, object? value) =>
        Edit($"Add to {slot}", transaction =>
            TryReadLiteral(value, out var literal, out var refusal) ? AddAt(transaction, slot, literal) : refusal);

    /// <summary>Removes what is at a slot: an input, a list item or a map entry goes; a section root becomes absent.</summary>
    public EditResult Remove(EditorSlot slot) => Edit($"Remove {slot}", transaction => TakeAt(transaction, slot));

    /// <summary>Removes input <paramref name="input"/> of <paramref name="node"/>.</summary>
    public EditResult RemoveInput(EditorNode node, string input) => Remove(EditorSlot.Of(node, input));

    /// <summary>Moves a list item to position <paramref name="index"/> of the same list.</summary>
    public EditResult MoveItem(EditorSlot item, int index) =>
        Edit($"Move {item} to item {index.ToString(CultureInfo.InvariantCulture)}", transaction =>
        {
            if (!TryResolve(item, out var place, out var error))
            {
                return EditResult.Refused(error);
            }
            if (place.Container is not EditorList list || place.Index >= list.ItemList.Count)
            {
                return EditResult.Refused($"{item} is not a list item.");
            }
            if (index < 0 || index >= list.ItemList.Count)
            {
                return EditResult.Refused($"The list has items 0 to {list.ItemList.Count - 1}; there is no item {index}.");
            }
            if (index != place.Index)
            {
                Move(transaction, list, place.Index, index);
            }
            return EditResult.Done();
        });

    /// <summary>Gives a map entry a new key, keeping its place; refused when the key is empty or already in the map.</summary>
    public EditResult RenameEntry(EditorSlot entry, string key) =>
        Edit($"Rename {entry} to '{key}'", transaction =>
        {
            if (!TryResolve(entry, out var place, out var error))
            {
                return EditResult.Refused(error);
            }
            if (place.Container is not EditorMap map || place.Current is null)
            {
                return EditResult.Refused($"{entry} is not a map entry.");
            }
            if (string.IsNullOrEmpty(key))
            {
                return EditResult.Refused("A map key must not be empty.");
            }
            if (key != place.Key && map.EntryList.IndexOf(key) >= 0)
            {
                return EditResult.Refused($"The map already has the key '{key}'.");
            }
            if (key != place.Key)
            {
                RenameEntry(transaction, map, map.EntryList.IndexOf(place.Key!), key);
            }
            return EditResult.Done();
        });

    // ---- clipboard ----

    /// <summary>A value's sub-tree in clipboard form (YAML as a document would hold it).</summary>
    public static EditorClipboard Copy(EditorValue value) => new(ResourceWriter.ToYaml(EditorElements.ToPlain(value)));

    /// <summary>
    /// Adds the clipboard's value the way <see cref="AddNode"/> adds a node, with fresh ids where its ids are used.
    /// Refused, with the line and column, when the clipboard text cannot be read.
    /// </summary>
    public EditResult Paste(EditorSlot slot, EditorClipboard clipboard) =>
        Edit($"Paste into {slot}", transaction =>
        {
            if (string.IsNullOrWhiteSpace(clipboard.Text))
            {
                return EditResult.Refused("The clipboard is empty.");
            }
            var element = EditorElements.ReadText(clipboard.Text, out var position, out var error);
            if (element is null)
            {
                return EditResult.Refused($"The clipboard does not hold a value: {error}", position);
            }
            var value = Fresh(element);
            foreach (var top in value.TopNodes())
            {
                if (AcceptProblem(slot, top.Processor) is { } problem)
                {
                    return EditResult.Refused(problem);
                }
            }
            return AddAt(transaction, slot, value);
        });

    // ---- the whole document and its header ----

    /// <summary>
    /// Replaces the whole document by <paramref name="text"/> (the YAML/JSON view): refused with the loader's message,
    /// line and column when the text cannot be read, leaving the document unchanged.
    /// </summary>
    public EditResult ReplaceText(string text, DocumentFormat? format = null) =>
        Edit("Edit the document text", transaction =>
        {
            ResourceDocument loaded;
            try
            {
                loaded = ResourceLoader.Load(text, Source, format);
            }
            catch (ResourceLoadException ex)
            {
                return EditResult.Refused(ex.Reason, ex.Position);
            }
            if (!SameAsNow(loaded))
            {
                Swap(transaction, Content.From(loaded));
            }
            return EditResult.Done();
        });

    /// <summary>
    /// Sets a header key (<see cref="EditorHeader.KeyOrder"/>) as the loader reads it (a method lower-cased, a ttl
    /// given as text read as a number); null removes the key. Refused with the loader's message for a wrong type.
    /// </summary>
    public EditResult SetHeader(string key, object? value)
    {
        if (value is null)
        {
            return RemoveHeader(key);
        }
        return Edit($"Set '{key}'", transaction =>
        {
            if (!EditorHeader.IsHeaderKey(key))
            {
                return NotHeaderKey(key);
            }
            if (!EditorElements.ReadHeader(key, value, out var read, out var error))
            {
                return EditResult.Refused(error!);
            }
            if (!Header.Has(key) || !Equals(Header.Get(key), read))
            {
                PutHeader(transaction, key, true, read);
            }
            return EditResult.Done();
        });
    }

    /// <summary>Removes a header key.</summary>
    public EditResult RemoveHeader(string key) =>
        Edit($"Remove '{key}'", transaction =>
        {
            if (!EditorHeader.IsHeaderKey(key))
            {
                return NotHeaderKey(key);
            }
            if (Header.Has(key))
            {
                PutHeader(transaction, key, false, null);
            }
            return EditResult.Done();
        });

    // ---- fragments ----

    /// <summary>Declares a new, empty fragment; refused when the name is empty or taken.</summary>
    public EditResult AddFragment(string name) =>
        Edit($"Add fragment '{name}'", transaction =>
        {
            if (FragmentNameProblem(name) is { } problem)
            {
                return EditResult.Refused(problem);
            }
            InsertFragment(transaction, _content.Fragments.Count, new EditorSection(SectionKind.Fragment, name));
            return EditResult.Done();
        });

    /// <summary>Removes a fragment and its tree.</summary>
    public EditResult RemoveFragment(string name) =>
        Edit($"Remove fragment '{name}'", transaction =>
        {
            var index = _content.Fragments.FindIndex(f => f.Name == name);
            if (index < 0)
            {
                return EditResult.Refused($"There is no fragment '{name}'.");
            }
            RemoveFragment(transaction, index);
            return EditResult.Done();
        });

    /// <summary>Renames a fragment and the <c>fragment</c> nodes that name it literally.</summary>
    public EditResult RenameFragment(string name, string newName) =>
        Edit($"Rename fragment '{name}' to '{newName}'", transaction =>
        {
            if (Fragment(name) is not { } fragment)
            {
                return EditResult.Refused($"There is no fragment '{name}'.");
            }
            if (name == newName)
            {
                return EditResult.Done();
            }
            if (FragmentNameProblem(newName) is { } problem)
            {
                return EditResult.Refused(problem);
            }
            RenameFragment(transaction, fragment, newName);
            var spec = Catalogue.Find(FragmentProcessor)?.Details.Input(FragmentNameInput);
            foreach (var node in Nodes().Where(n => n.Processor == FragmentProcessor).ToList())
            {
                // ApiOpenStudio's files name the fragment under an alias of the input.
                var key = node.Inputs.FirstOrDefault(entry => spec?.IsCalled(entry.Key) ?? entry.Key == FragmentNameInput).Key;
                if (key is not null && node.Input(key) is EditorLiteral { Value: string target } && target == name)
                {
                    Put(transaction, new Place(null, node, key, 0), new EditorLiteral(newName));
                }
            }
            return EditResult.Done();
        });

    // ---- shared steps ----

    /// <summary>
    /// Adds a fresh value at a slot: inserted at a list item, appended to a list; on an input that takes several
    /// values, starting a list (after the single value it held, if any); else put in the slot's place. Within the
    /// input's cardinality.
    /// </summary>
    private EditResult AddAt(Transaction transaction, EditorSlot slot, EditorValue value)
    {
        if (!TryResolve(slot, out var place, out var error))
        {
            return EditResult.Refused(error);
        }
        var current = place.Current;
        var startsList = current is not EditorList && slot.Steps.Count == 0 && SpecOf(slot) is { IsMulti: true };
        if ((place.Container is EditorList || current is EditorList || startsList) && Cardinality(slot) is { CanAdd: false } allowance)
        {
            return EditResult.Refused(
                $"Input '{allowance.Spec.Name}' of node '{slot.Node!.Id}' takes {allowance.Spec.CardinalityText} values and has {allowance.Count}.");
        }
        if (place.Container is EditorList list)
        {
            Insert(transaction, list, place.Index, value);
        }
        else if (current is EditorList items)
        {
            Insert(transaction, items, items.ItemList.Count, value);
        }
        else if (startsList)
        {
            var started = new EditorList();
            Put(transaction, place, started);
            if (current is not null)
            {
                Insert(transaction, started, 0, current);
            }
            Insert(transaction, started, started.ItemList.Count, value);
        }
        else
        {
            Put(transaction, place, value);
        }
        return EditResult.Done(value as EditorNode);
    }

    private EditResult TakeAt(Transaction transaction, EditorSlot slot)
    {
        if (!TryResolve(slot, out var place, out var error))
        {
            return EditResult.Refused(error);
        }
        if (place.Current is null)
        {
            return EditResult.Refused($"There is nothing at {slot}.");
        }
        Take(transaction, place);
        return EditResult.Done();
    }

    private static bool TryReadLiteral(object? value, out EditorValue literal, out EditResult refusal)
    {
        literal = null!;
        refusal = null!;
        var element = EditorElements.ReadPlain(value, out var error);
        if (element is null)
        {
            refusal = EditResult.Refused(error!);
            return false;
        }
        literal = EditorElements.FromElement(element);
        if (literal.Nodes().Any())
        {
            refusal = EditResult.Refused("A literal cannot hold a processor node (a map with 'processor' and 'id'): add a node instead.");
            return false;
        }
        return true;
    }

    /// <summary>A new editor tree of <paramref name="element"/> whose ids are not used in the document nor repeated within it.</summary>
    private EditorValue Fresh(Element element)
    {
        var value = EditorElements.FromElement(element);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in value.Nodes())
        {
            if (IsIdUsed(node.Id) || taken.Contains(node.Id))
            {
                node.Id = FreshId(StemOf(node.Id), taken);
            }
            taken.Add(node.Id);
        }
        return value;
    }

    /// <summary><paramref name="stem"/> when no node has it as id, else the first free of <c>stem_2</c>, <c>stem_3</c>...</summary>
    public string FreshId(string stem) => FreshId(stem, null);

    /// <summary>A fresh id, counting the ids in <paramref name="taken"/> as used too.</summary>
    private string FreshId(string stem, IReadOnlySet<string>? taken)
    {
        bool Free(string id) => !IsIdUsed(id) && taken?.Contains(id) != true;
        if (Free(stem))
        {
            return stem;
        }
        for (var n = 2; ; n++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{stem}_{n}");
            if (Free(id))
            {
                return id;
            }
        }
    }

    /// <summary>An id without its numeric suffix: <c>total_3</c> → <c>total</c>.</summary>
    private static string StemOf(string id)
    {
        var end = id.Length;
        while (end > 0 && char.IsAsciiDigit(id[end - 1]))
        {
            end--;
        }
        return end > 1 && end < id.Length && id[end - 1] == '_' ? id[..(end - 1)] : id;
    }

    /// <summary>True when a loaded document is what the model holds now: same text, keys and load problems.</summary>
    private bool SameAsNow(ResourceDocument loaded)
    {
        var now = ToResourceDocument();
        return ResourceWriter.Write(loaded, Format) == ResourceWriter.Write(now, Format)
            && loaded.Keys.SetEquals(now.Keys) && loaded.HeaderErrors.SequenceEqual(now.HeaderErrors);
    }

    private string? FragmentNameProblem(string name) =>
        string.IsNullOrWhiteSpace(name) ? "A fragment name must not be empty."
        : Fragment(name) is not null ? $"A fragment named '{name}' already exists."
        : null;

    private static EditResult NotHeaderKey(string key) =>
        EditResult.Refused($"'{key}' is not a header key (keys: {string.Join(", ", EditorHeader.KeyOrder)}).");
}
