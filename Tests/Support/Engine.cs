using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;

namespace ApiStudio.Tests.Support;

/// <summary>The engine as tests use it: the built-in catalogue, and helpers to load, prepare and run YAML resources.</summary>
public static class TestEngine
{
    /// <summary>The built-in catalogue, discovered once.</summary>
    public static readonly ProcessorCatalogue Catalogue = BuiltInProcessors.Catalogue();

    /// <summary>The planner over the built-in catalogue.</summary>
    public static readonly ResourcePlanner Planner = new(Catalogue);

    /// <summary>A resource document around a <c>process</c> tree given as YAML (indented under <c>process:</c>).</summary>
    public static string Resource(string processYaml, string extra = "") =>
        $"""
        name: Test resource
        description: A resource written by a test.
        account: tests
        application: unit
        uri: test
        method: get
        ttl: 0
        {extra}
        process:
        {Indent(processYaml)}
        """;

    /// <summary>Loads and prepares a whole YAML document.</summary>
    public static PreparedResource Prepare(string documentYaml) =>
        Planner.Prepare(ResourceLoader.Load(documentYaml, "test.yaml"));

    /// <summary>Runs a whole document and returns the value of <c>process</c>; <paramref name="services"/> stand in for the host's.</summary>
    public static async Task<DataContainer> RunDocument(string documentYaml, ApiRequest? request = null, EvaluationOptions? options = null,
        IServiceProvider? services = null)
    {
        var prepared = Prepare(documentYaml);
        using var context = new EvaluationContext(request ?? new ApiRequest(), options, services);
        return (await prepared.ExecuteAsync(context)).Value;
    }

    /// <summary>Runs a <c>process</c> tree given as YAML and returns its value.</summary>
    public static Task<DataContainer> Run(string processYaml, ApiRequest? request = null, EvaluationOptions? options = null,
        IServiceProvider? services = null) =>
        RunDocument(Resource(processYaml), request, options, services);

    /// <summary>Services holding only a clock: for processors that read the time, run without a host.</summary>
    public static IServiceProvider Clock(DateTimeOffset now) => new ClockServices(new ManualClock(now));

    private sealed class ClockServices(TimeProvider clock) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(TimeProvider) ? clock : null;
    }

    /// <summary>Plans a <c>process</c> tree (and the fragments of <paramref name="extra"/>) without validating it.</summary>
    public static PreparedResource PlanUnvalidated(string processYaml, string extra = "", ResourcePlanner? planner = null)
    {
        planner ??= Planner;
        var document = ResourceLoader.Load(Resource(processYaml, extra), "test.yaml");
        var fragments = new Dictionary<string, PlanElement>(StringComparer.Ordinal);
        foreach (var (name, element) in document.Fragments)
        {
            fragments[name] = planner.Plan(element);
        }
        return new PreparedResource(document, "tests", "unit", "get", "test", null, fragments,
            planner.Plan(document.Process!), [OutputTarget.Response]);
    }

    /// <summary>
    /// Runs a tree planned without validation that must fail; returns the error. For the run-time checks of values
    /// whose type the validator already refuses: a plan that did not come through it, or a plugin that declares
    /// nothing, still meets them.
    /// </summary>
    public static async Task<ApiException> RunUnvalidatedFails(string processYaml, ApiRequest? request = null,
        EvaluationOptions? options = null, ResourcePlanner? planner = null)
    {
        var prepared = PlanUnvalidated(processYaml, planner: planner);
        try
        {
            using var context = new EvaluationContext(request ?? new ApiRequest(), options);
            var value = (await prepared.ExecuteAsync(context)).Value;
            Assert.Fail($"Expected an ApiException, got {value.Type.Name()} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }

    /// <summary>Runs a tree that must fail; returns the error.</summary>
    public static async Task<ApiException> RunFails(string processYaml, ApiRequest? request = null, EvaluationOptions? options = null)
    {
        try
        {
            var value = await Run(processYaml, request, options);
            Assert.Fail($"Expected an ApiException, got {value.Type.Name()} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }

    /// <summary>Prepares a <c>process</c> tree that the validator must refuse; returns the refusal.</summary>
    public static ResourceValidationException PublishFails(string processYaml)
    {
        var ex = Assert.Throws<ResourceValidationException>(() => Prepare(Resource(processYaml)));
        return ex!;
    }

    /// <summary>A GET request with the given query variables.</summary>
    public static ApiRequest Get(params (string Key, string Value)[] query) => new()
    {
        Query = query.ToDictionary(q => q.Key, q => (object?)q.Value, StringComparer.Ordinal),
    };

    private static string Indent(string yaml) =>
        string.Join("\n", yaml.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(line => "  " + line));
}
