using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Security;

/// <summary>What the Security processors share: host services, reading credentials, the 401 errors.</summary>
public static class SecurityAccess
{
    /// <summary>The optional <c>token</c> input of the token validators.</summary>
    public static readonly InputSpec TokenInput = new("token",
        "The access token; when absent, the bearer token of the Authorization header.") { LimitTypes = [DataType.Text] };

    /// <summary>
    /// A required credential input (user name, password, token): text from the request, never a literal written in the
    /// resource, where anyone who can read the resource would see it.
    /// </summary>
    public static InputSpec Credential(string name, string description) =>
        new(name, description) { Min = 1, LiteralAllowed = false, LimitTypes = [DataType.Text] };

    /// <summary>A host service; a configuration error (500) when the engine runs without the host.</summary>
    public static T Service<T>(NodeContext context) where T : class =>
        (context.Evaluation.Services is { } services ? services.GetService<T>() : null)
        ?? throw new ApiException($"Processor {context.Node.Processor.MachineName} needs the ApiStudio host's security services.",
            ErrorCodes.Configuration, context.NodeId, 500);

    /// <summary>The served account and application; a configuration error outside the host.</summary>
    public static ResourceScope Scope(NodeContext context) =>
        context.Evaluation.Scope
        ?? throw new ApiException($"Processor {context.Node.Processor.MachineName} needs the served application, known only in the host.",
            ErrorCodes.Configuration, context.NodeId, 500);

    /// <summary>The token of <c>Authorization: Bearer &lt;token&gt;</c> (scheme case-insensitive), or null.</summary>
    public static string? BearerToken(ApiRequest request) =>
        request.Headers.TryGetValue("Authorization", out var header) ? AccessTokens.FromAuthorization(header) : null;

    /// <summary>
    /// Verifies the access token (the <c>token</c> input, else the bearer token) and sets the caller; 401 (code 4)
    /// when it is missing, invalid, expired, or its user is deleted or deactivated.
    /// </summary>
    public static async ValueTask<Caller> AuthenticateAsync(NodeContext context)
    {
        var token = context.Has("token") ? context.Val("token").Data as string : BearerToken(context.Request);
        var check = await Service<TokenService>(context).ValidateAsync(token, context.CancellationToken).ConfigureAwait(false);
        if (check.Caller is null)
        {
            throw Unauthorized(context, check.Failure switch
            {
                TokenFailure.Missing => "An access token is required (Authorization: Bearer <token>).",
                TokenFailure.Expired => "The access token has expired.",
                _ => "The access token is not valid.",
            });
        }
        context.Evaluation.Caller = check.Caller;
        return check.Caller;
    }

    /// <summary>A 401 error (code 4) naming the node.</summary>
    public static ApiException Unauthorized(NodeContext context, string message) => context.Error(message, ErrorCodes.Authentication, 401);

    /// <summary>A 403 error (code 4) naming the node.</summary>
    public static ApiException Forbidden(NodeContext context, string message) => context.Error(message, ErrorCodes.Authentication, 403);

    /// <summary>The text of a required input, read for a credential (an empty value counts as given but wrong).</summary>
    public static string Text(NodeContext context, string name) => context.Val(name).AsText(context.NodeId) ?? "";
}
