using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one user or lists the users the caller may see.</summary>
public sealed class UserRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User read",
        "Fetch one user ({uid, username, email, active}) or, without uid, every user the caller may see: themselves and " +
        "the users holding roles the caller could grant.",
        AdminNode.Id("uid", "The user id; absent or undefined for all."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "uid"),
            context.CancellationToken).ConfigureAwait(false));
}
