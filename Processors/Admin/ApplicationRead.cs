using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Reads one application or lists the applications the caller holds a role in.</summary>
public sealed class ApplicationRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Application read",
        "Fetch one application ({appid, accid, name, settings}) or, without appid, every application the caller holds a role in.",
        AdminNode.Id("appid", "The application id; absent or undefined for all."),
        AdminNode.Id("accid", "List only the applications of this account."))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApplicationAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.OptionalId(context, "appid"),
            AdminNode.OptionalId(context, "accid"), context.CancellationToken).ConfigureAwait(false));
}
