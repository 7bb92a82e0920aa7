using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Signs out: revokes a refresh token.</summary>
public sealed class Logout : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Logout",
        "Revokes the refresh token, so it can no longer renew the access token; returns true (also for a token that "
        + "was not valid, so the answer tells nothing about it). The access token itself lives until it expires.",
        SecurityAccess.Credential("refresh_token", "The refresh token to revoke."))
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Unrepeatable,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var refresh = SecurityAccess.Text(context, "refresh_token");
        await SecurityAccess.Service<TokenService>(context).LogoutAsync(refresh, context.CancellationToken).ConfigureAwait(false);
        return DataContainer.True;
    }
}
