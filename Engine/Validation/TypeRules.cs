using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// Flags a processor node whose possible return types can never pass the <c>limitTypes</c> of the input it feeds:
/// the run-time check (<see cref="InputChecks.TypeAllowed"/>) casts nothing, so such a node always fails there.
/// </summary>
internal sealed class TypeRules(ProcessorCatalogue catalogue, ResourceDocument document)
{
    // Sets of types as bit masks over DataType; Any stands for a node whose type is unknown until run time.
    private const int Any = -1;
    private const int Undefined = 1 << (int)DataType.Undefined;
    private const int ArrayType = 1 << (int)DataType.Array;

    private readonly Dictionary<NodeElement, int> _known = new(ReferenceEqualityComparer.Instance);

    /// <summary>Checks every processor node given to an input of <paramref name="node"/> that limits its types.</summary>
    public void Check(NodeElement node, Processor processor, ValidationReport report)
    {
        foreach (var (key, value) in node.Inputs)
        {
            if (processor.Details.Input(key) is not { LimitTypes.Count: > 0 } spec)
            {
                continue;
            }
            if (spec.IsMulti && value is ListElement list)
            {
                foreach (var item in list.Items)
                {
                    CheckValue(node, spec, item, report);
                }
            }
            else
            {
                CheckValue(node, spec, value, report);
            }
        }
    }

    private void CheckValue(NodeElement node, InputSpec spec, Element value, ValidationReport report)
    {
        if (value is not NodeElement child)
        {
            return;
        }
        var types = TypesOf(child, 0);
        // A node feeding a multi input may return a list whose items are the values, checked at run time only.
        if (types == Any || (spec.IsMulti && (types & ArrayType) != 0) || Accepts(spec, types))
        {
            return;
        }
        report.Add(node.Id, spec.Name,
            $"Input '{spec.Name}' accepts {string.Join(", ", spec.LimitTypes.Select(t => t.Name()))}, "
            + $"but node '{child.Id}' ({child.Processor}) returns {Names(types)}.");
    }

    private static bool Accepts(InputSpec spec, int types)
    {
        foreach (var type in Enum.GetValues<DataType>())
        {
            if ((types & (1 << (int)type)) != 0 && InputChecks.TypeAllowed(spec, type))
            {
                return true;
            }
        }
        return false;
    }

    private static string Names(int types) =>
        string.Join(", ", Enum.GetValues<DataType>().Where(t => (types & (1 << (int)t)) != 0).Select(t => t.Name()));

    /// <summary>The types a node may return; <see cref="Any"/> when unknown. Deep or cyclic documents give up as any.</summary>
    private int TypesOf(NodeElement node, int depth)
    {
        if (_known.TryGetValue(node, out var known))
        {
            return known;
        }
        if (depth > ResourceValidator.MaxDepth)
        {
            return Any;
        }
        // Marked first: a fragment that refers to itself then counts as any instead of recursing forever.
        _known[node] = Any;
        var types = Compute(node, depth);
        _known[node] = types;
        return types;
    }

    private int Compute(NodeElement node, int depth)
    {
        var details = catalogue.Find(node.Processor)?.Details;
        if (details?.Returns is null)
        {
            return Any;
        }
        if (node.Processor == TreeRules.FragmentProcessor)
        {
            return FragmentTypes(node, details, depth);
        }
        if (details.ReturnsTypeOf is { } selector && node.Input(selector) is { } chosen)
        {
            return chosen is LiteralElement { Value: string name } && DataTypeNames.TryParse(name, out var type)
                ? 1 << (int)type
                : Any;
        }
        if (details.ReturnsBranches.Count == 0)
        {
            return details.Returns.Count == 0 ? Any : Mask(details.Returns);
        }
        var types = Mask(details.Returns);
        foreach (var branch in details.ReturnsBranches)
        {
            var spec = details.Input(branch);
            types |= BranchTypes(spec, spec is null ? node.Input(branch) : node.Input(spec), depth);
            if (types == Any)
            {
                return Any;
            }
        }
        return types;
    }

    /// <summary>What a branch input gives: a list to a multi input, or a map of alternatives, gives one of its entries.</summary>
    private int BranchTypes(InputSpec? spec, Element? value, int depth)
    {
        var entries = value switch
        {
            ListElement list when spec is { IsMulti: true } || IsAlternatives(spec) => list.Items,
            MapElement map when IsAlternatives(spec) => map.Entries.Select(e => e.Value).ToList(),
            _ => null,
        };
        if (entries is null && value is NodeElement && IsAlternatives(spec))
        {
            // Computed alternatives: which value is chosen, and so its type, is known at run time only.
            return Any;
        }
        if (entries is null)
        {
            return ElementTypes(value, depth);
        }
        var types = entries.Count == 0 ? Undefined : 0;
        foreach (var entry in entries)
        {
            types |= ElementTypes(entry, depth);
        }
        return types;
    }

    // A branch input that takes only an array holds alternatives (switch cases), one of which is returned.
    private static bool IsAlternatives(InputSpec? spec) => spec is { LimitTypes: [DataType.Array] };

    private int FragmentTypes(NodeElement node, ProcessorDetails details, int depth)
    {
        if (details.Input("name") is { } spec && node.Input(spec) is LiteralElement { Value: string name })
        {
            foreach (var (fragment, body) in document.Fragments)
            {
                if (fragment == name)
                {
                    return ElementTypes(body, depth);
                }
            }
        }
        return Any;
    }

    private int ElementTypes(Element? element, int depth)
    {
        switch (element)
        {
            case null:
                return Undefined;
            case NodeElement node:
                return TypesOf(node, depth + 1);
            case LiteralElement literal:
                try
                {
                    return 1 << (int)DataContainer.FromPlain(literal.Value).Type;
                }
                catch (ArgumentException)
                {
                    return Any;
                }
            default:
                // A list or map evaluates to an array.
                return ArrayType;
        }
    }

    private static int Mask(IReadOnlyList<DataType> types)
    {
        var mask = 0;
        foreach (var type in types)
        {
            mask |= 1 << (int)type;
        }
        return mask;
    }
}
