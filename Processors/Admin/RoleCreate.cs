using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Creates a custom role (Administrator only).</summary>
public sealed class RoleCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Role create",
        "Create a custom role (Administrator only). Returns {rid, name}.",
        AdminNode.Text("name", "The role name: letters, digits, spaces, '_' and '-', starting with a letter.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<RoleAdmin>(context).CreateAsync(context.Evaluation.Caller, AdminNode.OptionalText(context, "name"),
            context.CancellationToken).ConfigureAwait(false));
}
