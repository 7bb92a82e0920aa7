using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Exchanges an access token (expired or not) and its refresh token for new ones.</summary>
public sealed class RefreshToken : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Refresh token",
        "Takes an access token (it may have expired) and a valid refresh token of the same user and returns new tokens, "
        + "like generate_token; the refresh token is used up. 401 when either is invalid; 429 with Retry-After after too "
        + "many failures from the client address.",
        SecurityAccess.Credential("token", "The access token (assumed stale)."),
        SecurityAccess.Credential("refresh_token", "The refresh token."))
    {
        Returns = [DataType.Array],
        Reads = RequestReads.Unrepeatable,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var token = SecurityAccess.Text(context, "token");
        var refresh = SecurityAccess.Text(context, "refresh_token");
        var tokens = await SecurityAccess.Service<TokenService>(context).RefreshAsync(token, refresh, context.Request.ClientAddress, context.CancellationToken)
            .ConfigureAwait(false);
        return tokens is null
            ? throw SecurityAccess.Unauthorized(context, "Invalid token or refresh token.")
            : DataContainer.Array(tokens.ToMap());
    }
}
