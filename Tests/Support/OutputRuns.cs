using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Support;

/// <summary>Runs resources that have an <c>output</c> section and returns what the output nodes produced.</summary>
public static class OutputRuns
{
    /// <summary>Runs a <c>process</c> tree with the given <c>output</c> section (YAML, starting with <c>output:</c>).</summary>
    public static async Task<ResourceResult> RunWithOutput(string processYaml, string outputYaml, ApiRequest? request = null)
    {
        var prepared = TestEngine.Prepare(TestEngine.Resource(processYaml, outputYaml.Replace("\r\n", "\n").TrimEnd()));
        using var context = new EvaluationContext(request ?? new ApiRequest());
        return await prepared.ExecuteAsync(context);
    }

    /// <summary>The value of the only output node of a resource.</summary>
    public static async Task<DataContainer> SingleOutput(string processYaml, string outputNodeYaml)
    {
        var indented = string.Join("\n", outputNodeYaml.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(l => "  " + l));
        var result = await RunWithOutput(processYaml, "output:\n" + indented);
        Assert.That(result.Outputs, Has.Count.EqualTo(1));
        return result.Outputs[0];
    }
}
