using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one role or lists every role.</summary>
public sealed class RoleRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Role read",
        "Fetch one role ({rid, name}) or, without rid, every role.",
        AdminNode.Id("rid", "The role id; absent or undefined for all."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<RoleAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "rid"),
            context.CancellationToken).ConfigureAwait(false));
}
