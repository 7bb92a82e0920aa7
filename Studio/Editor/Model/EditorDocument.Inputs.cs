using ApiStudio.Engine.Processing;

namespace ApiStudio.Studio.Editor.Model;

/// <summary>What the catalogue says about the slots of the document: specs, cardinality and which processors fit.</summary>
public sealed partial class EditorDocument
{
    /// <summary>The palette menu of the processors a security section takes.</summary>
    public const string SecurityMenu = "Security";

    /// <summary>The palette menu of the processors an output section takes.</summary>
    public const string OutputMenu = "Output";

    /// <summary>The processor of a node, or null when the catalogue does not know it.</summary>
    public Processor? ProcessorOf(EditorNode node) => Catalogue.Find(node.Processor);

    /// <summary>The declaration of the input a slot belongs to (at any depth below it); null at a section root or for an undeclared input.</summary>
    public InputSpec? SpecOf(EditorSlot slot) =>
        slot.Node is { } node ? ProcessorOf(node)?.Details.Input(slot.Input!) : null;

    /// <summary>
    /// A node's inputs for the inspector: every declared input in declared order (given or not, with its spec), then
    /// the given inputs the processor does not declare (<see cref="NodeInput.IsDeclared"/> false).
    /// </summary>
    public IReadOnlyList<NodeInput> InputsOf(EditorNode node)
    {
        var inputs = new List<NodeInput>();
        var declared = ProcessorOf(node)?.Details.Inputs ?? [];
        foreach (var spec in declared)
        {
            // An input given under an alias (ApiOpenStudio's name) is edited under the key the document uses.
            var key = node.Inputs.FirstOrDefault(entry => spec.IsCalled(entry.Key)).Key ?? spec.Name;
            inputs.Add(new NodeInput(node, key, spec, node.Input(key)));
        }
        foreach (var (name, value) in node.Inputs)
        {
            if (IndexOf(declared, name) < 0)
            {
                inputs.Add(new NodeInput(node, name, null, value));
            }
        }
        return inputs;
    }

    /// <summary>
    /// How many values a multi-value input holds and whether its cardinality allows one more or one less; the slot
    /// is the input or one of its items. Null when the slot is not a declared input taking a list of values.
    /// </summary>
    public ItemAllowance? Cardinality(EditorSlot slot)
    {
        var input = slot.InputSlot;
        if (input is null || slot.Steps.Count > 1 || (slot.Steps.Count == 1 && !slot.Steps[0].IsItem)
            || SpecOf(input) is not { IsMulti: true } spec)
        {
            return null;
        }
        var count = input.Node!.Input(input.Input!) switch
        {
            null => 0,
            EditorList list => list.Items.Count,
            _ => 1,
        };
        return new ItemAllowance(spec, count);
    }

    /// <summary>True when a node of <paramref name="processor"/> may be put at <paramref name="slot"/> (for the palette).</summary>
    public bool CanAccept(EditorSlot slot, string processor) => AcceptProblem(slot, processor) is null;

    /// <summary>The processors of the catalogue that <paramref name="slot"/> accepts, in palette order.</summary>
    public IReadOnlyList<Processor> AcceptedProcessors(EditorSlot slot) =>
        Catalogue.All.Where(p => AcceptProblem(slot, p.MachineName) is null).ToList();

    /// <summary>
    /// Why a node of <paramref name="processor"/> may not go at <paramref name="slot"/>, or null when it may: the
    /// processor must be known, the input must take nodes and list it when it limits processors, and the roots of
    /// security and output take processors of their menus.
    /// </summary>
    public string? AcceptProblem(EditorSlot slot, string processor)
    {
        var candidate = Catalogue.Find(processor);
        if (candidate is null)
        {
            return $"Unknown processor '{processor}'.";
        }
        if (slot.Node is null)
        {
            var section = slot.RootSection!;
            var menu = section.Kind switch
            {
                SectionKind.Security => SecurityMenu,
                SectionKind.Output => OutputMenu,
                _ => null,
            };
            return menu is null || candidate.Menu == menu
                ? null
                : $"'{section.Label}' takes processors of the {menu} menu; '{processor}' is of the {candidate.Menu} menu.";
        }
        var spec = SpecOf(slot);
        if (spec is null)
        {
            return null;
        }
        if (!spec.NodeAllowed)
        {
            return $"Input '{spec.Name}' of node '{slot.Node.Id}' takes a literal written in the resource, not a processor node.";
        }
        if (spec.LimitProcessors.Count > 0 && !spec.LimitProcessors.Contains(processor, StringComparer.Ordinal))
        {
            return $"Input '{spec.Name}' of node '{slot.Node.Id}' takes only {string.Join(", ", spec.LimitProcessors)}; not '{processor}'.";
        }
        return null;
    }
}

/// <summary>One input of a node as the inspector shows it: its declaration (if any) and its value (if given).</summary>
/// <param name="Node">The node.</param>
/// <param name="Name">The input key.</param>
/// <param name="Spec">The processor's declaration; null when the processor does not declare this input.</param>
/// <param name="Value">The value given; null when the input is not given.</param>
public sealed record NodeInput(EditorNode Node, string Name, InputSpec? Spec, EditorValue? Value)
{
    /// <summary>False for an input the processor does not declare (the validator refuses it).</summary>
    public bool IsDeclared => Spec is not null;

    /// <summary>True when the node gives this input.</summary>
    public bool IsGiven => Value is not null;

    /// <summary>What the input means.</summary>
    public string? Description => Spec?.Description;

    /// <summary>The value used when the input is not given.</summary>
    public object? Default => Spec?.Default;

    /// <summary>Where the input's value sits.</summary>
    public EditorSlot Slot => EditorSlot.Of(Node, Name);
}

/// <summary>How many values a multi-value input holds against its declared cardinality.</summary>
public sealed class ItemAllowance
{
    internal ItemAllowance(InputSpec spec, int count)
    {
        Spec = spec;
        Count = count;
    }

    /// <summary>The input's declaration.</summary>
    public InputSpec Spec { get; }

    /// <summary>How many values are given.</summary>
    public int Count { get; }

    /// <summary>The fewest values allowed.</summary>
    public int Min => Spec.Min;

    /// <summary>The most values allowed, or <see cref="InputSpec.Many"/>.</summary>
    public int Max => Spec.Max;

    /// <summary>True when one more value is allowed.</summary>
    public bool CanAdd => Spec.Max == InputSpec.Many || Count < Spec.Max;

    /// <summary>True when one value fewer is allowed.</summary>
    public bool CanRemove => Count > Spec.Min;

    /// <summary>True when the count is within the cardinality now (the validator's check).</summary>
    public bool IsSatisfied => InputChecks.CardinalityAllowed(Spec, Count);

    /// <inheritdoc />
    public override string ToString() => $"{Count} of {Spec.CardinalityText}";
}
