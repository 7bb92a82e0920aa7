using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>The OpenAPI document of an application the caller holds a role in.</summary>
public sealed class OpenapiRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "OpenApi read",
        "Fetch the OpenAPI 3 document of an application the caller holds any role in (the one served publicly at " +
        "/api/{account}/{application}/openapi.json), as JSON.",
        AdminNode.Id("appid", "The application id.", required: true))
    {
        Returns = [DataType.Json],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context) => DataContainer.Json(
        await AdminNode.Service<OpenApiAdmin>(context).ReadAsync(context.Evaluation.Caller, AdminNode.RequiredId(context, "appid"),
            context.CancellationToken).ConfigureAwait(false));
}
