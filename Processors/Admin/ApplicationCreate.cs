using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates an application in an account (the account's manager).</summary>
public sealed class ApplicationCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Application create",
        "Create an application in an account (Administrator or the account's Account manager). Returns {appid, accid, name, settings}.",
        [
            AdminNode.Id("accid", "The account the application belongs to.", required: true),
            AdminNode.Text("name", "The application name: letters, digits, '_', '-' and '.', starting with a letter or digit.", required: true),
            .. AdminNode.Settings,
        ])
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<ApplicationAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.Application(context),
            context.CancellationToken).ConfigureAwait(false));
}
