using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Accepts a caller with a valid access token.</summary>
public sealed class ValidateToken : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Validate token",
        "Checks the caller's access token (signature, expiry, active user) and returns true; 401 otherwise. "
        + "The verified caller is then known to the rest of the resource.",
        SecurityAccess.TokenInput)
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        await SecurityAccess.AuthenticateAsync(context).ConfigureAwait(false);
        return DataContainer.True;
    }
}
