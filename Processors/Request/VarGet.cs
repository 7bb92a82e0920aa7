using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A variable of the query string.</summary>
public sealed class VarGet : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "GET variable",
        "A variable of the query string, as text (an array when the key is repeated). Empty values count as missing.",
        RequestVariable.Key("The name of the query-string variable."),
        RequestVariable.ExpectedType,
        RequestVariable.Nullable)
    {
        Returns = [DataType.Text, DataType.Undefined],
        ReturnsTypeOf = "expected_type",
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var key = context.Val("key").AsText(context.NodeId);
        return RequestVariable.Result(context, RequestVariable.Lookup(context.Request.Query, key), "GET variable", key);
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        RequestVariable.MissingBeforehand(node, "GET variable", key => RequestVariable.Lookup(request.Query, key));
}
