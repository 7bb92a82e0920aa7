using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// The publish-time checks of one node's inputs against its processor's declaration: no undeclared
/// keys, required inputs present, cardinality, literals allowed, and the types and values of literals — through
/// <see cref="InputChecks"/>, the same checks the run-time accessor applies to values.
/// </summary>
internal static class InputRules
{
    public static void Check(NodeElement node, Processor processor, HashSet<string> seen, ValidationReport report)
    {
        var details = processor.Details;
        seen.Clear();
        foreach (var (key, _) in node.Inputs)
        {
            var spec = details.Input(key);
            if (!seen.Add(spec?.Name ?? key))
            {
                report.Add(node.Id, key, spec is null || key == spec.Name
                    ? $"Input '{key}' is given twice."
                    : $"Input '{spec.Name}' is given twice ('{key}' is another name for it).");
            }
            else if (spec is null)
            {
                var names = details.Inputs.SelectMany(i => i.Aliases.Prepend(i.Name));
                report.Add(node.Id, key, details.Inputs.Count == 0
                    ? $"Processor '{processor.MachineName}' takes no inputs; '{key}' is not one."
                    : $"Processor '{processor.MachineName}' has no input '{key}' (inputs: {string.Join(", ", details.Inputs.Select(i => i.Name))})"
                      + (NearestName.Hint(key, names) is { Length: > 0 } hint ? hint : "."));
            }
        }
        foreach (var spec in details.Inputs)
        {
            var given = node.Input(spec);
            if (given is null)
            {
                if (spec.Required && spec.Default is null)
                {
                    report.Add(node.Id, spec.Name, $"Input '{spec.Name}' is required.");
                }
            }
            else if (spec.IsMulti && given is ListElement list)
            {
                // A list given to a multi input is one value per item.
                CheckCount(node, spec, list.Items.Count, report);
                foreach (var item in list.Items)
                {
                    CheckValue(node, spec, item, report);
                }
            }
            else
            {
                // One element is one value; except that a node feeding a multi input may return a list, whose
                // length is known at run time only (where it is checked again).
                if (!(spec.IsMulti && given is NodeElement))
                {
                    CheckCount(node, spec, 1, report);
                }
                CheckValue(node, spec, given, report);
            }
        }
        if (details.CheckLiterals is { } check)
        {
            var literals = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var spec in details.Inputs)
            {
                if (node.Input(spec) is LiteralElement literal)
                {
                    literals[spec.Name] = literal.Value;
                }
            }
            foreach (var (input, problem) in check(literals))
            {
                report.Add(node.Id, input, problem);
            }
        }
    }

    private static void CheckCount(NodeElement node, InputSpec spec, int count, ValidationReport report)
    {
        if (!InputChecks.CardinalityAllowed(spec, count))
        {
            report.Add(node.Id, spec.Name, InputChecks.CardinalityMessage(spec, count));
        }
    }

    /// <summary>Checks one value of an input: a node is checked where it is visited; a literal here.</summary>
    private static void CheckValue(NodeElement node, InputSpec spec, Element value, ValidationReport report)
    {
        if (!spec.NodeAllowed && ContainsNode(value))
        {
            report.Add(node.Id, spec.Name, $"Input '{spec.Name}' must be a literal written in the resource, not computed by a processor node.");
            return;
        }
        if (value is NodeElement)
        {
            return;
        }
        if (!spec.LiteralAllowed)
        {
            report.Add(node.Id, spec.Name, $"Input '{spec.Name}' must be a processor node, not a literal.");
            return;
        }
        if (value is not LiteralElement literal)
        {
            // A list or map (even holding nodes) evaluates to an array.
            if (!InputChecks.TypeAllowed(spec, DataType.Array))
            {
                report.Add(node.Id, spec.Name, InputChecks.TypeMessage(spec, DataType.Array));
            }
            else if (spec.LimitValues.Count > 0)
            {
                report.Add(node.Id, spec.Name, InputChecks.ValueMessage(spec, value is ListElement ? "[...]" : "{...}"));
            }
            return;
        }
        DataContainer container;
        try
        {
            container = DataContainer.FromPlain(literal.Value);
        }
        catch (ArgumentException)
        {
            // Only documents built in code can hold such a value; the loader produces plain scalars.
            report.Add(node.Id, spec.Name, $"Input '{spec.Name}' holds a literal of unsupported type {literal.Value!.GetType().Name}.");
            return;
        }
        if (!InputChecks.TypeAllowed(spec, container.Type))
        {
            report.Add(node.Id, spec.Name, InputChecks.TypeMessage(spec, container.Type));
        }
        else if (!InputChecks.ValueAllowed(spec, container.Data))
        {
            report.Add(node.Id, spec.Name, InputChecks.ValueMessage(spec, container.Data));
        }
    }

    /// <summary>True when the element is a node or holds one at any depth (iteratively: documents may be deep).</summary>
    private static bool ContainsNode(Element element)
    {
        var pending = new Stack<Element>();
        pending.Push(element);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NodeElement:
                    return true;
                case ListElement list:
                    foreach (var item in list.Items)
                    {
                        pending.Push(item);
                    }
                    break;
                case MapElement map:
                    foreach (var entry in map.Entries)
                    {
                        pending.Push(entry.Value);
                    }
                    break;
            }
        }
        return false;
    }
}
