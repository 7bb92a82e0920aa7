using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Grants a role to a user for an account or application.</summary>
public sealed class UserRoleCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User role create",
        "Grant a role to a user: Administrator everywhere (Administrators only), Account manager for an account (its " +
        "managers), other roles for an application (its managers) or a whole account. Returns {urid, uid, rid, role, accid, appid}.",
        AdminNode.Id("uid", "The user id.", required: true),
        AdminNode.Id("rid", "The role id.", required: true),
        AdminNode.Id("accid", "The account the role is granted for."),
        AdminNode.Id("appid", "The application the role is granted for (its account is implied)."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserRoleAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.Grant(context),
            context.CancellationToken).ConfigureAwait(false));
}
