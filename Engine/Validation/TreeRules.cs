using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;

namespace ApiStudio.Engine.Validation;

/// <summary>
/// The rules of a document's trees: walks security, fragments, process and output once, with an
/// explicit stack (any depth is safe), and checks every node, every map that looks like a broken node, node ids,
/// fragment references and the limits. Never stops at the first problem.
/// </summary>
internal sealed class TreeRules
{
    /// <summary>The machine name and input of the nodes that refer to fragments.</summary>
    public const string FragmentProcessor = "fragment";

    private const string FragmentNameInput = "name";

    private readonly ProcessorCatalogue _catalogue;
    private readonly ResourceDocument _document;
    private readonly ValidationReport _report;
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, string> _idSections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fragments = new(StringComparer.Ordinal);
    private readonly FragmentGraph _graph;
    private readonly HashSet<string> _inputKeys = new(StringComparer.Ordinal);
    private readonly TypeRules _types;
    private int _nodes;
    private int _visited;
    private bool _tooDeep;
    private bool _tooNested;

    public TreeRules(ProcessorCatalogue catalogue, ResourceDocument document, ValidationReport report)
    {
        _catalogue = catalogue;
        _document = document;
        _report = report;
        _types = new TypeRules(catalogue, document);
        var names = new List<string>();
        foreach (var (name, _) in document.Fragments)
        {
            if (_fragments.TryAdd(name, names.Count))
            {
                names.Add(name);
            }
            else
            {
                report.Add(null, "fragments", $"Fragment '{name}' is declared twice.");
            }
        }
        _graph = new FragmentGraph(names);
    }

    /// <summary>Most elements walked: bounds the work on documents built in code that share sub-trees.</summary>
    private static int MaxElements => DocumentLimits.Default.MaxValues;

    public void Check()
    {
        CheckSecurity(_document.Security);
        CheckOutput(_document.Output);
        // Pushed in reverse so the walk, and the errors, follow the document order.
        Push(_document.Output, "output", -1);
        Push(_document.Process, "process", -1);
        for (var i = _document.Fragments.Count - 1; i >= 0; i--)
        {
            var (name, element) = _document.Fragments[i];
            Push(element, $"fragment '{name}'", _fragments[name]);
        }
        Push(_document.Security, "security", -1);
        Walk();
        if (_nodes > ResourceValidator.MaxNodes)
        {
            _report.Add(null, null, string.Create(CultureInfo.InvariantCulture,
                $"The resource holds {_nodes:N0} processor nodes; the limit is {ResourceValidator.MaxNodes:N0}."));
        }
        _graph.ReportCycles(_report);
    }

    private void Push(Element? element, string section, int fragment)
    {
        if (element is not null)
        {
            // Depth 2: the document's root map is the first level, as the loader counts.
            _stack.Push(new Frame(element, section, fragment, null, section, null, 0, 2));
        }
    }

    private void Walk()
    {
        while (_stack.TryPop(out var frame))
        {
            if (++_visited > MaxElements)
            {
                _report.Add(null, null, string.Create(CultureInfo.InvariantCulture,
                    $"The resource expands to more than {MaxElements:N0} values."));
                _stack.Clear();
                return;
            }
            switch (frame.Element)
            {
                case NodeElement node:
                    CheckNesting(frame);
                    VisitNode(node, frame);
                    break;
                case ListElement list:
                    CheckNesting(frame);
                    for (var i = list.Items.Count - 1; i >= 0; i--)
                    {
                        _stack.Push(frame with { Element = list.Items[i], Depth = frame.Depth + 1 });
                    }
                    break;
                case MapElement map:
                    CheckNesting(frame);
                    CheckBrokenNode(map, frame);
                    for (var i = map.Entries.Count - 1; i >= 0; i--)
                    {
                        _stack.Push(frame with { Element = map.Entries[i].Value, Depth = frame.Depth + 1 });
                    }
                    break;
            }
        }
    }

    private void VisitNode(NodeElement node, Frame frame)
    {
        _nodes++;
        var nodeDepth = frame.NodeDepth + 1;
        if (nodeDepth > ResourceValidator.MaxDepth && !_tooDeep)
        {
            _tooDeep = true;
            _report.Add(node.Id, null, $"Processor nodes are nested deeper than {ResourceValidator.MaxDepth} levels.");
        }
        CheckId(node, frame.Section);
        if (frame.Spec is { LimitProcessors.Count: > 0 } owner && !Contains(owner.LimitProcessors, node.Processor))
        {
            _report.Add(frame.NodeId, frame.Input,
                $"Input '{owner.Name}' does not accept processor '{node.Processor}' (node '{node.Id}'); allowed: {string.Join(", ", owner.LimitProcessors)}.");
        }
        var processor = _catalogue.Find(node.Processor);
        if (processor is null)
        {
            _report.Add(node.Id, null, $"Unknown processor: {node.Processor} in node '{node.Id}'"
                + NearestName.Hint(node.Processor, _catalogue.All.Select(known => known.MachineName)));
        }
        else
        {
            InputRules.Check(node, processor, _inputKeys, _report);
            _types.Check(node, processor, _report);
        }
        if (node.Processor == FragmentProcessor)
        {
            CheckFragmentReference(node, processor, frame.Fragment);
        }
        for (var i = node.Inputs.Count - 1; i >= 0; i--)
        {
            var (key, value) = node.Inputs[i];
            _stack.Push(new Frame(value, frame.Section, frame.Fragment, node.Id, key, processor?.Details.Input(key),
                nodeDepth, frame.Depth + 1));
        }
    }

    private void CheckNesting(Frame frame)
    {
        var max = DocumentLimits.Default.MaxStructureDepth;
        if (frame.Depth > max && !_tooNested)
        {
            // Later passes (planning) recurse over lists and maps: this bound keeps them safe.
            _tooNested = true;
            _report.Add(frame.NodeId, frame.Input, $"Lists and maps are nested deeper than {max} levels.");
        }
    }

    private void CheckId(NodeElement node, string section)
    {
        if (string.IsNullOrWhiteSpace(node.Id))
        {
            _report.Add(null, null, $"A node of processor '{node.Processor}' in {section} has an empty id.");
        }
        else if (!_idSections.TryAdd(node.Id, section))
        {
            _report.Add(node.Id, null, $"Node id '{node.Id}' is not unique: it is already used in {_idSections[node.Id]}.");
        }
    }

    /// <summary>A map with <c>processor</c> or <c>id</c> that did not make a node is an error, never a literal (fail closed).</summary>
    private void CheckBrokenNode(MapElement map, Frame frame)
    {
        var processor = map.Get("processor");
        var id = map.Get("id");
        if (processor is null && id is null)
        {
            return;
        }
        var idText = id is LiteralElement { Value: string or long } idLiteral
            ? Convert.ToString(idLiteral.Value, CultureInfo.InvariantCulture)
            : null;
        var processorName = processor is LiteralElement { Value: string name } ? name : null;
        var where = idText is not null && !string.IsNullOrWhiteSpace(idText) ? idText : frame.NodeId;
        var input = where == frame.NodeId ? frame.Input : null;
        if (id is null)
        {
            _report.Add(where, input,
                $"A map with 'processor' ({processorName ?? "not text"}) but no 'id' is not a processor node: give it a unique id.");
        }
        else if (processor is null)
        {
            _report.Add(where, input,
                $"A map with 'id' but no 'processor' is not a processor node: give it a processor, or do not use 'id' in a literal map.");
        }
        else
        {
            if (processorName is null)
            {
                _report.Add(where, input, "'processor' must be the machine name of a processor (text).");
            }
            if (string.IsNullOrWhiteSpace(idText))
            {
                _report.Add(where, input, "'id' of a processor node must be non-empty text.");
            }
        }
    }

    private void CheckFragmentReference(NodeElement node, Processor? processor, int fromFragment)
    {
        var spec = processor?.Details.Input(FragmentNameInput);
        var name = spec is null ? node.Input(FragmentNameInput) : node.Input(spec);
        if (name is LiteralElement { Value: string target })
        {
            if (!_fragments.TryGetValue(target, out var to))
            {
                _report.Add(node.Id, FragmentNameInput, $"Fragment '{target}' is not declared"
                    + (NearestName.Hint(target, _fragments.Keys) is { Length: > 0 } hint ? hint : "."));
            }
            else if (fromFragment >= 0)
            {
                _graph.Add(fromFragment, to, node.Id);
            }
        }
        else if (name is not null || spec is not { Required: true })
        {
            // References are checked when the document is published, so the name cannot be computed.
            _report.Add(node.Id, FragmentNameInput, "A fragment node names a declared fragment in 'name', as text.");
        }
    }

    private void CheckSecurity(Element? security)
    {
        if (security is null)
        {
            return;
        }
        if (security is not NodeElement node)
        {
            _report.Add(null, "security", "'security' must be one processor node from the Security menu.");
        }
        else if (_catalogue.Find(node.Processor) is { } processor && processor.Menu != "Security")
        {
            _report.Add(node.Id, "security",
                $"'security' must be a processor from the Security menu; '{node.Processor}' is from the {processor.Menu} menu.");
        }
    }

    private void CheckOutput(Element? output)
    {
        switch (output)
        {
            case null:
                return;
            case ListElement { Items.Count: 0 }:
                _report.Add(null, "output", "'output' lists no outputs: give 'response' and/or output nodes, or leave it out.");
                return;
            case ListElement list:
                foreach (var item in list.Items)
                {
                    CheckOutputTarget(item);
                }
                return;
            default:
                CheckOutputTarget(output);
                return;
        }
    }

    private void CheckOutputTarget(Element target)
    {
        if (target is LiteralElement { Value: "response" })
        {
            return;
        }
        if (target is not NodeElement node)
        {
            _report.Add(null, "output", "'output' must be 'response', a node from the Output menu, or a list of those.");
        }
        else if (_catalogue.Find(node.Processor) is { } processor && processor.Menu != "Output")
        {
            _report.Add(node.Id, "output",
                $"Outputs are processors from the Output menu; '{node.Processor}' is from the {processor.Menu} menu.");
        }
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One element to visit, with what encloses it: the section, the fragment (index, or -1), the node and input it
    /// is given to (with that input's declaration), how many nodes enclose it and how deeply lists and maps nest.
    /// </summary>
    private readonly record struct Frame(
        Element Element, string Section, int Fragment, string? NodeId, string? Input, InputSpec? Spec, int NodeDepth, int Depth);
}
