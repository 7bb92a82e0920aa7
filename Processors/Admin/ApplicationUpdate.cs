using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Changes an application's name, account or settings.</summary>
public sealed class ApplicationUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Application update",
        "Change what is given of an application's name, account and settings (its Application manager or the account's " +
        "manager; moving it needs the managers of both accounts). Returns {appid, accid, name, settings}.",
        [
            AdminNode.Id("appid", "The application id.", required: true),
            AdminNode.Id("accid", "The account to move the application to."),
            AdminNode.Text("name", "The new name: letters, digits, '_', '-' and '.', starting with a letter or digit."),
            .. AdminNode.Settings,
        ])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApplicationAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "appid"),
            AdminNode.Application(context), context.CancellationToken).ConfigureAwait(false));
}
