using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.HostTestPlugin.Security;

/// <summary>Lets in any request with an Authorization header and names the caller after it (tests only).</summary>
public sealed class HeaderCaller : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Header caller",
        "True when the request has an Authorization header; the caller's user name is the header's value.")
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        if (!context.Request.Headers.TryGetValue("Authorization", out var value) || value.Length == 0)
        {
            return DataContainer.False;
        }
        context.Evaluation.Caller = new Caller(null, value, []);
        return DataContainer.True;
    }
}
