using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Signs a user in: user name and password give an access token and a refresh token.</summary>
public sealed class GenerateToken : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Generate token",
        "Checks user name and password and returns {uid, token, token_expiry, refresh_token, refresh_expiry} "
        + "(times in ISO 8601 UTC). Wrong credentials or an inactive user: 401 with one message for every case. Too many "
        + "failures for the user name or from the client address: 429 with Retry-After, before the password is checked.",
        SecurityAccess.Credential("username", "The user name."),
        SecurityAccess.Credential("password", "The password."))
    {
        Returns = [DataType.Array],
        Reads = RequestReads.Unrepeatable,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var username = SecurityAccess.Text(context, "username");
        var password = SecurityAccess.Text(context, "password");
        var tokens = await SecurityAccess.Service<TokenService>(context).LoginAsync(username, password, context.Request.ClientAddress, context.CancellationToken)
            .ConfigureAwait(false);
        return tokens is null
            ? throw SecurityAccess.Unauthorized(context, "Invalid user name or password.")
            : DataContainer.Array(tokens.ToMap());
    }
}
