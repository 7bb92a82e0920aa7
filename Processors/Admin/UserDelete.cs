using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Deletes a user.</summary>
public sealed class UserDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User delete",
        "Delete a user whose every role lies in accounts you manage (never yourself, never the last Administrator). Returns true.",
        AdminNode.Id("uid", "The user id.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserAdmin>(context).DeleteAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "uid"),
            context.CancellationToken).ConfigureAwait(false));
}
