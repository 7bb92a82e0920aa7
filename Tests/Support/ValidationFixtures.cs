using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;

namespace ApiStudio.Tests.Validation.Fixtures;

/// <summary>
/// The built-in catalogue plus stand-ins for menus and rules no built-in processor has yet (Security, Output,
/// nodes-only inputs, limited processors, fragments). The stand-ins are internal, so no discovery ever finds them:
/// they exist only in this catalogue.
/// </summary>
public static class ValidationCatalogue
{
    /// <summary>Built-ins plus stand-ins.</summary>
    public static readonly ProcessorCatalogue Catalogue = Create();

    /// <summary>A validator over <see cref="Catalogue"/>.</summary>
    public static readonly ResourceValidator Validator = new(Catalogue);

    /// <summary>A planner over <see cref="Catalogue"/>.</summary>
    public static readonly ResourcePlanner Planner = new(Catalogue);

    private static ProcessorCatalogue Create()
    {
        var builtIn = BuiltInProcessors.Catalogue();
        var processors = new List<Processor>(builtIn.All) { new SecurityStandIn(), new OutputStandIn(), new PickStandIn() };
        if (builtIn.Find("fragment") is null)
        {
            // The real fragment processor replaces this one once it exists.
            processors.Add(new Fragment());
        }
        return ProcessorCatalogue.From(processors);
    }
}

/// <summary>Text of test documents.</summary>
public static class TestDocuments
{
    /// <summary>
    /// The header keys of <see cref="Support.TestEngine.Resource"/> (name "Test resource", account tests, application
    /// unit, uri test, get, ttl 0), ending with a newline, for tests that write the rest of the document themselves.
    /// </summary>
    public static readonly string Header = HeaderOf(Support.TestEngine.Resource("1"));

    private static string HeaderOf(string document) => document[..document.IndexOf("process:", StringComparison.Ordinal)];
}

/// <summary>An <see cref="IResourceEnvironment"/> holding a fixed set of applications and published identities.</summary>
public sealed class TestEnvironment : IResourceEnvironment
{
    /// <summary>Applications by ApiOpenStudio id.</summary>
    public Dictionary<long, (string Account, string Application)> Applications { get; } = new();

    /// <summary>Identities already published, as <c>account/application/method/uri</c>.</summary>
    public HashSet<string> Taken { get; } = [];

    /// <inheritdoc />
    public bool ApplicationExists(string account, string application) =>
        Applications.Values.Contains((account, application));

    /// <inheritdoc />
    public (string Account, string Application)? FindApplication(long appId) =>
        Applications.TryGetValue(appId, out var found) ? found : null;

    /// <inheritdoc />
    public bool IdentityTaken(string account, string application, string method, string uri) =>
        Taken.Contains($"{account}/{application}/{method}/{uri}");
}

/// <summary>Stands in for the <c>fragment</c> processor: refers to a declared fragment by name.</summary>
internal sealed class Fragment : Processor
{
    public override ProcessorDetails Details { get; } = new(
        "Fragment", "The value of a declared fragment.",
        new InputSpec("name", "The fragment's name.") { Min = 1, LimitTypes = [DataType.Text] });
}

/// <summary>A processor of the Security menu.</summary>
internal sealed class SecurityStandIn : Processor
{
    public override ProcessorDetails Details { get; } = new("Security stand-in", "Lets everyone in.") { Menu = "Security" };

    protected override NodeResult Process(NodeContext context) => DataContainer.Boolean(true);
}

/// <summary>A processor of the Output menu.</summary>
internal sealed class OutputStandIn : Processor
{
    public override ProcessorDetails Details { get; } = new("Output stand-in", "Sends nothing.") { Menu = "Output" };

    protected override NodeResult Process(NodeContext context) => DataContainer.Undefined;
}

/// <summary>A processor whose inputs exercise literalAllowed, limitProcessors, limitValues and a bounded maximum.</summary>
internal sealed class PickStandIn : Processor
{
    public override ProcessorDetails Details { get; } = new(
        "Pick stand-in", "Declares restricted inputs.",
        new InputSpec("source", "Nodes only, and only var_str.") { Min = 1, LiteralAllowed = false, LimitProcessors = ["var_str"] },
        new InputSpec("extras", "Up to two values; nodes only var_str.") { Max = 2, LimitProcessors = ["var_str"] },
        new InputSpec("bag", "One value; nodes inside only var_str.") { LimitProcessors = ["var_str"] },
        new InputSpec("mode", "fast or slow.") { LimitValues = ["fast", "slow"] });

    protected override NodeResult Process(NodeContext context) => context.Val("source");
}
