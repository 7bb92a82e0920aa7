using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>The bearer token of the request.</summary>
public sealed class BearerToken : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Bearer token",
        "The token of the request header \"Authorization: Bearer <token>\", as text; undefined when there is none.")
    {
        Returns = [DataType.Text, DataType.Undefined],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        SecurityAccess.BearerToken(context.Request) is { } token ? DataContainer.Text(token) : DataContainer.Undefined;
}
