namespace ApiStudio.Engine.Processing;

/// <summary>
/// The request values a prepared tree surely reads (<see cref="IRequestValueReader"/> nodes outside conditional
/// inputs: outside untaken branches and loop bodies, inside fragments that such nodes use), checked together before
/// the tree runs: every missing one is named in one error (code 6, HTTP 400), with each message in its details.
/// </summary>
public sealed class RequiredValues
{
    private readonly NodePlan[] _readers;

    private RequiredValues(NodePlan[] readers) => _readers = readers;

    /// <summary>The reader nodes of <paramref name="root"/> that every evaluation reaches, in evaluation order.</summary>
    public static RequiredValues Of(PlanElement root, IReadOnlyDictionary<string, PlanElement> fragments)
    {
        var readers = new List<NodePlan>();
        var seen = new HashSet<PlanElement>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<PlanElement>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (!seen.Add(element))
            {
                continue;
            }
            switch (element)
            {
                case NodePlan node:
                    if (node.Processor is IRequestValueReader)
                    {
                        readers.Add(node);
                    }
                    if (node.Processor.MachineName == "fragment")
                    {
                        // The fragment it evaluates: named by a literal input (a computed name is known at run time only).
                        foreach (var input in node.Inputs)
                        {
                            if (input is { Given: true, Elements: [LiteralPlan { Value.Data: string name }] }
                                && fragments.TryGetValue(name, out var fragment))
                            {
                                pending.Push(fragment);
                            }
                        }
                    }
                    for (var i = node.Children.Length - 1; i >= 0; i--)
                    {
                        pending.Push(node.Children[i]);
                    }
                    break;
                case ListPlan list:
                    for (var i = list.Items.Length - 1; i >= 0; i--)
                    {
                        pending.Push(list.Items[i]);
                    }
                    break;
                case MapPlan map:
                    for (var i = map.Values.Length - 1; i >= 0; i--)
                    {
                        pending.Push(map.Values[i]);
                    }
                    break;
            }
        }
        return new RequiredValues([.. readers]);
    }

    /// <summary>
    /// Throws one error naming every required value missing from the request; nothing when none is. A traced request
    /// records each node that found its value missing, as if it had run and failed.
    /// </summary>
    public void Check(EvaluationContext context)
    {
        List<(NodePlan Node, string Message)>? missing = null;
        foreach (var node in _readers)
        {
            if (((IRequestValueReader)node.Processor).Missing(node, context.Request) is { } message)
            {
                (missing ??= []).Add((node, message));
            }
        }
        if (missing is null)
        {
            return;
        }
        if (context.Trace is { } trace)
        {
            foreach (var (node, message) in missing)
            {
                var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var input in node.Inputs)
                {
                    if (input.Given && node.KnownValue(input.Spec.Name) is { } value)
                    {
                        inputs[input.Spec.Name] = value.ToString();
                    }
                }
                trace.Add(new TraceEntry(node.Id, node.Processor.MachineName, inputs, "error", "", 0, message));
            }
        }
        var messages = missing.Select(m => m.Message).Distinct(StringComparer.Ordinal).ToList();
        throw new ApiException(string.Join(" ", messages), ErrorCodes.InvalidInput, missing[0].Node.Id, 400)
        {
            Details = messages.Count > 1 ? messages : null,
        };
    }
}
