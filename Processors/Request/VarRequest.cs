using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A query-string or form variable; the query string wins when both hold the key.</summary>
public sealed class VarRequest : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Request variable",
        "A variable of the form body or the query string: POST is read, then GET overrides it, so a non-empty " +
        "query-string value wins over a form value of the same name. Empty values count as missing.",
        RequestVariable.Key("The name of the GET or POST variable."),
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
        var value = RequestVariable.Lookup(context.Request.Query, key);
        if (RequestVariable.IsMissing(value))
        {
            value = RequestVariable.Lookup(context.Request.Post, key);
        }
        return RequestVariable.Result(context, value, "REQUEST variable", key);
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        RequestVariable.MissingBeforehand(node, "REQUEST variable", key =>
            RequestVariable.Lookup(request.Query, key) is var value && !RequestVariable.IsMissing(value) ? value : RequestVariable.Lookup(request.Post, key));
}
