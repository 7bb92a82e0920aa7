using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;

namespace ApiStudio.Tests.Support.DataOps;

/// <summary>Test-only stand-in for var_temporary's fetch: the request-scoped variable named by key, or undefined.</summary>
public sealed class TestTemporaryFetch : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Test temporary fetch",
        "Returns the temporary variable named by key (tests only).",
        new InputSpec("key", "The variable name.") { Min = 1, LimitTypes = [DataType.Text] });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        context.Evaluation.Temporary.TryGetValue(context.Val("key").AsText(), out var value) ? value : DataContainer.Undefined;
}

/// <summary>Test-only source of JSON-typed values: the text of value, typed json.</summary>
public sealed class TestJsonText : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Test JSON text",
        "Returns value typed as json (tests only).",
        new InputSpec("value", "The JSON text.") { Min = 1, LimitTypes = [DataType.Text] });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => DataContainer.Json(context.Val("value").AsText());
}

/// <summary>The built-in processors plus the test processors above, with helpers to run and check resources.</summary>
public static class DataOpsEngine
{
    /// <summary>Built-in processors and this assembly's test processors.</summary>
    public static readonly ProcessorCatalogue Catalogue =
        ProcessorCatalogue.Discover([BuiltInProcessors.Assembly, typeof(TestTemporaryFetch).Assembly]);

    /// <summary>The planner over <see cref="Catalogue"/>.</summary>
    public static readonly ResourcePlanner Planner = new(Catalogue);

    /// <summary>Runs a <c>process</c> tree given as YAML and returns its value.</summary>
    public static async Task<DataContainer> Run(string processYaml, EvaluationOptions? options = null)
    {
        var prepared = Planner.Prepare(ResourceLoader.Load(TestEngine.Resource(processYaml), "test.yaml"));
        using var context = new EvaluationContext(new ApiRequest(), options);
        return (await prepared.ExecuteAsync(context)).Value;
    }

    /// <summary>Runs a tree planned without validation that must fail (<see cref="TestEngine.RunUnvalidatedFails"/>).</summary>
    public static Task<ApiException> RunUnvalidatedFails(string processYaml) =>
        TestEngine.RunUnvalidatedFails(processYaml, planner: Planner);

    /// <summary>Runs a tree that must fail and returns the error.</summary>
    public static async Task<ApiException> RunFails(string processYaml, EvaluationOptions? options = null)
    {
        try
        {
            var value = await Run(processYaml, options);
            Assert.Fail($"Expected an ApiException, got {value.Type.Name()} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }

}

/// <summary>Assertions shared by the Data operation and Math tests.</summary>
public static class DataOpsAssert
{
    /// <summary>Asserts an invalid-input error (code 6, HTTP 400) raised by node <paramref name="nodeId"/>.</summary>
    public static void IsInvalidInput(ApiException error, string nodeId, string messagePart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(error.ProcessorId, Is.EqualTo(nodeId));
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidInput));
            Assert.That(error.HttpStatus, Is.EqualTo(400));
            Assert.That(error.Message, Does.Contain(messagePart));
        });
    }

    /// <summary>The value as compact JSON (arrays) or its text form, for compact assertions.</summary>
    public static string Json(DataContainer value) => PlainJson.Serialize(value.Data);
}
