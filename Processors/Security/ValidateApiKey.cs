using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Accepts a caller with a valid API key of the served application.</summary>
public sealed class ValidateApiKey : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Validate API key",
        "Checks the API key (header X-ApiStudio-Api-Key, else query variable api_key) against the served application "
        + "and returns true; 401 for a missing, unknown, revoked key or a key of another application. The caller gets "
        + "the key's role, else the application's api_key_role setting; with roles, that role must be one of them (else 403).",
        new InputSpec("key", "The API key; when absent, the X-ApiStudio-Api-Key header or the api_key query variable.")
        {
            LimitTypes = [DataType.Text],
        },
        new InputSpec("roles", "Roles of which the key's role must be one; none = any valid key.")
        {
            Max = InputSpec.Many, LimitTypes = [DataType.Text],
        })
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var key = context.Has("key") ? context.Val("key").Data as string : KeyOf(context);
        var roles = context.Values("roles");
        var scope = SecurityAccess.Scope(context);
        var keys = SecurityAccess.Service<ApiKeyService>(context);
        // A queued job's request carries no key: it acts with the key its caller came with, checked again now.
        var caller = key is null && context.Evaluation.ActingApiKey is { } kid
            ? await keys.VerifyByIdAsync(kid, scope, context.CancellationToken).ConfigureAwait(false)
            : await keys.VerifyAsync(key, scope, context.CancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            throw SecurityAccess.Unauthorized(context, string.IsNullOrEmpty(key)
                ? $"An API key is required (header {ApiKeyService.Header} or query variable {ApiKeyService.QueryVariable})."
                : "The API key is not valid.");
        }
        if (roles.Count > 0)
        {
            var permitted = new string[roles.Count];
            for (var i = 0; i < permitted.Length; i++)
            {
                permitted[i] = roles[i].AsText(context.NodeId);
            }
            if (!caller.HasAnyRole(permitted, scope.Accid, scope.Appid))
            {
                throw SecurityAccess.Forbidden(context, "Permission denied: the API key's role is not one this resource permits.");
            }
        }
        context.Evaluation.Caller = caller;
        return DataContainer.True;
    }

    private static string? KeyOf(NodeContext context)
    {
        if (context.Request.Headers.TryGetValue(ApiKeyService.Header, out var header) && header.Trim().Length > 0)
        {
            return header.Trim();
        }
        return context.Request.Query.TryGetValue(ApiKeyService.QueryVariable, out var query) && query is string text ? text : null;
    }
}
