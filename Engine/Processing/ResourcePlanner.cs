using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// Prepares a resource document once into a <see cref="PreparedResource"/>: validates it, resolves every processor and
/// lays out every node's inputs, so a request only evaluates.
/// </summary>
public sealed class ResourcePlanner(ProcessorCatalogue catalogue)
{
    private readonly ResourceValidator _validator = new(catalogue);

    /// <summary>The validator the planner uses (the one validator of the engine).</summary>
    public ResourceValidator Validator => _validator;

    /// <summary>Validates and prepares; throws <see cref="ResourceValidationException"/> listing every problem.</summary>
    public PreparedResource Prepare(ResourceDocument document, IResourceEnvironment? environment = null)
    {
        var errors = _validator.Validate(document, environment);
        if (errors.Count > 0)
        {
            throw new ResourceValidationException(errors);
        }
        var account = document.Account;
        var application = document.Application;
        if ((account is null || application is null) && document.AppId is { } appId
            && environment?.FindApplication(appId) is { } found)
        {
            (account, application) = found;
        }
        var fragments = new Dictionary<string, PlanElement>(StringComparer.Ordinal);
        foreach (var (name, element) in document.Fragments)
        {
            fragments[name] = Plan(element);
        }
        var outputs = new List<OutputTarget>();
        foreach (var element in OutputElements(document.Output))
        {
            outputs.Add(element is NodeElement node ? new OutputTarget((NodePlan)Plan(node)) : OutputTarget.Response);
        }
        return new PreparedResource(
            document,
            account ?? "",
            application ?? "",
            document.Method ?? "get",
            document.Uri ?? "",
            document.Security is null ? null : Plan(document.Security),
            fragments,
            Plan(document.Process!),
            outputs);
    }

    /// <summary>The output section as a list of elements (<c>response</c> literals and nodes); default <c>response</c>.</summary>
    public static IReadOnlyList<Element> OutputElements(Element? output) => output switch
    {
        null => [new LiteralElement("response")],
        ListElement list => list.Items,
        _ => [output],
    };

    /// <summary>Builds the plan of one element (a node, list, map or literal).</summary>
    public PlanElement Plan(Element element)
    {
        switch (element)
        {
            case NodeElement node:
                return PlanNode(node);
            case ListElement list when ContainsNode(list):
                return new ListPlan(list.Items.Select(Plan).ToArray());
            case MapElement map when ContainsNode(map):
                return new MapPlan(map.Entries.Select(e => e.Key).ToArray(), map.Entries.Select(e => Plan(e.Value)).ToArray());
            default:
                return new LiteralPlan(DataContainer.FromPlain(ToPlain(element)));
        }
    }

    /// <summary>The plain value of a node-free element.</summary>
    public static object? ToPlain(Element element) => element switch
    {
        LiteralElement literal => literal.Value,
        ListElement list => list.Items.Select(ToPlain).ToList(),
        MapElement map => new Map(map.Entries.Select(e => new KeyValuePair<string, object?>(e.Key, ToPlain(e.Value)))),
        _ => throw new InvalidOperationException("A processor node has no plain value."),
    };

    /// <summary>True when a processor node occurs anywhere inside the element.</summary>
    public static bool ContainsNode(Element element) => element switch
    {
        NodeElement => true,
        ListElement list => list.Items.Any(ContainsNode),
        MapElement map => map.Entries.Any(e => ContainsNode(e.Value)),
        _ => false,
    };

    private NodePlan PlanNode(NodeElement node)
    {
        var processor = catalogue.Find(node.Processor)
            ?? throw new InvalidOperationException($"Unknown processor: {node.Processor} in node '{node.Id}'");
        var specs = processor.Details.Inputs;
        var inputs = new InputPlan[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var given = node.Input(spec);
            inputs[i] = given switch
            {
                null => new InputPlan(spec, [], false),
                ListElement list when spec.IsMulti => new InputPlan(spec, list.Items.Select(Plan).ToArray(), true),
                _ => new InputPlan(spec, [Plan(given)], false),
            };
        }
        return new NodePlan(node.Id, processor, inputs);
    }
}
