using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Changes a user's name, e-mail, password or active flag.</summary>
public sealed class UserUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "User update",
        "Change what is given of a user (yourself, or a user whose every role lies in accounts you manage). Returns {uid, username, email, active}.",
        [AdminNode.Id("uid", "The user id.", required: true), .. AdminNode.User(creating: false)])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<UserAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "uid"),
            AdminNode.UserInput(context), context.CancellationToken).ConfigureAwait(false));
}
