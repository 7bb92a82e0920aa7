using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Validation;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Support;

/// <summary>How a resource was refused: the node named and the message.</summary>
/// <param name="NodeId">The node id the refusal names.</param>
/// <param name="Message">The message (every validation problem, one per line).</param>
public sealed record Rejection(string? NodeId, string Message);

/// <summary>
/// Runs trees that must be refused for a publish-time rule (missing required input, literal of the wrong type or
/// outside the allowed values). The validator refuses them at prepare time; until then the run-time input checks
/// refuse them with code 6 / HTTP 400. Either way the node is named.
/// </summary>
public static class Rejections
{
    /// <summary>Runs <paramref name="processYaml"/> and returns how it was refused.</summary>
    public static async Task<Rejection> Rejected(string processYaml, ApiRequest? request = null)
    {
        try
        {
            var value = await Run(processYaml, request);
            Assert.Fail($"Expected the resource to be refused, got {value.Type} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((ErrorCodes.InvalidInput, 400)), ex.Message);
            return new Rejection(ex.ProcessorId, ex.Message);
        }
        catch (ResourceValidationException ex)
        {
            var named = ex.Errors.FirstOrDefault(e => e.NodeId is not null) ?? ex.Errors[0];
            return new Rejection(named.NodeId, ex.Message);
        }
    }
}
