using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A form variable of the request body.</summary>
public sealed class VarPost : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "POST variable",
        "A form variable of the request body (url-encoded or multipart fields, or a field of a JSON object body), " +
        "as text (an array when the key is repeated). Empty values count as missing.",
        RequestVariable.Key("The name of the form variable."),
        RequestVariable.ExpectedType,
        RequestVariable.Nullable)
    {
        Returns = [DataType.Text, DataType.Undefined],
        ReturnsTypeOf = "expected_type",
        Reads = RequestReads.Body,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var key = context.Val("key").AsText(context.NodeId);
        return RequestVariable.Result(context, RequestVariable.Lookup(context.Request.Post, key), "POST variable", key);
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        RequestVariable.MissingBeforehand(node, "POST variable", key => RequestVariable.Lookup(request.Post, key));
}
