using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one role grant or lists the grants the caller may see.</summary>
public sealed class UserRoleRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User role read",
        "Fetch one grant ({urid, uid, rid, role, accid, appid}) or, without urid, the grants the caller may see (their own " +
        "and those they could give), filtered by user, role, account and application.",
        AdminNode.Id("urid", "The grant id; absent or undefined for a list."),
        AdminNode.Id("uid", "List only the grants of this user."),
        AdminNode.Id("rid", "List only the grants of this role."),
        AdminNode.Id("accid", "List only the grants within this account."),
        AdminNode.Id("appid", "List only the grants for this application."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserRoleAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "urid"),
            AdminNode.Grant(context), context.CancellationToken).ConfigureAwait(false));
}
