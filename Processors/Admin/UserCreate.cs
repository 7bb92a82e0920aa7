using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates a user (Administrator or an Account manager).</summary>
public sealed class UserCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User create",
        "Create a user (Administrator or an Account manager); the password is hashed. Returns {uid, username, email, active}.",
        AdminNode.User(creating: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.UserInput(context),
            context.CancellationToken).ConfigureAwait(false));
}
