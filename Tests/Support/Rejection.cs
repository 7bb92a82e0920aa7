using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Support;

/// <summary>How a resource was refused: the node and input named, the message, and when.</summary>
/// <param name="NodeId">The node id the refusal names.</param>
/// <param name="Message">The message (every validation problem, one per line).</param>
/// <param name="Input">
/// The input the refusal names: the validation error's input at publish time; at run time the input the message
/// quotes (<c>Input 'x' ...</c>, <c>Required input 'x' ...</c>), if any.
/// </param>
/// <param name="AtPublish">True when the validator refused the resource (prepare time), false for a run-time error.</param>
public sealed record Rejection(string? NodeId, string Message, string? Input = null, bool AtPublish = false);

/// <summary>
/// Runs trees that must be refused for a publish-time rule (missing required input, literal of the wrong type or
/// outside the allowed values). The validator refuses them at prepare time; the run-time input checks refuse what
/// only shows at run time with code 6 / HTTP 400. Either way the node is named.
/// </summary>
public static class Rejections
{
    /// <summary>Runs <paramref name="processYaml"/> over the built-in catalogue and returns how it was refused.</summary>
    public static Task<Rejection> Rejected(string processYaml, ApiRequest? request = null) =>
        RejectedBy(() => Run(processYaml, request));

    /// <summary>
    /// Runs <paramref name="processYaml"/> over <see cref="TestCatalogue"/> (built-in and test processors), with
    /// optional extra header lines such as fragments, and returns how it was refused.
    /// </summary>
    public static Task<Rejection> RejectedWithTestProcessors(string processYaml, string extra = "") =>
        RejectedBy(async () =>
        {
            var run = await TestCatalogue.Execute(processYaml, extra: extra);
            return run.Error is null ? run.Value! : throw run.Error;
        });

    /// <summary>
    /// A tree of <paramref name="processor"/> (node <paramref name="nodeId"/>) with the given literal inputs (YAML
    /// values) except <paramref name="missing"/>.
    /// </summary>
    public static string Without(string processor, string nodeId, string missing, params (string Name, string Yaml)[] inputs) =>
        $"processor: {processor}\nid: {nodeId}\n"
        + string.Join("\n", inputs.Where(i => i.Name != missing).Select(i => $"{i.Name}: {i.Yaml}"));

    /// <summary>Asserts a refusal names node <paramref name="nodeId"/> and mentions <paramref name="messagePart"/>.</summary>
    public static void IsRefusedNaming(Rejection refused, string nodeId, string messagePart)
    {
        Assert.That(refused.NodeId, Is.EqualTo(nodeId));
        Assert.That(refused.Message, Does.Contain(messagePart));
    }

    /// <summary>Asserts the validator refused a tree because node <paramref name="nodeId"/> lacks <paramref name="input"/>.</summary>
    public static void IsMissingAtPublish(Rejection refused, string nodeId, string input)
    {
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, nodeId, input)));
        Assert.That(refused.Message, Is.EqualTo($"Resource 'Test resource': node '{nodeId}', input '{input}': Input '{input}' is required."));
    }

    /// <summary>Asserts the run-time error (code 6, HTTP 400) of node <paramref name="nodeId"/> lacking <paramref name="input"/>.</summary>
    public static void IsMissingAtRunTime(ApiException error, string nodeId, string input)
    {
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, nodeId)));
        Assert.That(error.Message, Is.EqualTo($"Required input '{input}' is missing in node '{nodeId}'."));
    }

    private static async Task<Rejection> RejectedBy(Func<Task<DataContainer>> run)
    {
        try
        {
            var value = await run();
            Assert.Fail($"Expected the resource to be refused, got {value.Type} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((ErrorCodes.InvalidInput, 400)), ex.Message);
            return new Rejection(ex.ProcessorId, ex.Message, QuotedInput(ex.Message), AtPublish: false);
        }
        catch (ResourceValidationException ex)
        {
            var named = ex.Errors.FirstOrDefault(e => e.NodeId is not null) ?? ex.Errors[0];
            return new Rejection(named.NodeId, ex.Message, named.Input, AtPublish: true);
        }
    }

    /// <summary>The input a run-time message quotes: <c>Input 'x' ...</c> or <c>Required input 'x' ...</c>.</summary>
    private static string? QuotedInput(string message)
    {
        const string marker = "nput '";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += marker.Length;
        var end = message.IndexOf('\'', start);
        return end < 0 ? null : message[start..end];
    }
}
