using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors.Admin;

/// <summary>Renames a custom role (Administrator only).</summary>
public sealed class RoleUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Role update",
        "Rename a custom role (Administrator only; the five built-in roles are fixed). Returns {rid, name}.",
        AdminNode.Id("rid", "The role id.", required: true),
        AdminNode.Text("name", "The new name: letters, digits, spaces, '_' and '-', starting with a letter.", required: true))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => AdminNode.Result(
        await AdminNode.Service<RoleAdmin>(context).UpdateAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "rid"),
            AdminNode.OptionalText(context, "name"), context.CancellationToken).ConfigureAwait(false));
}
