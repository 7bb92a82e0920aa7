using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>The request body, parsed by its content type.</summary>
public sealed class VarBody : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Body",
        "The whole request body: a JSON body gives its value (an object or list gives an array), an XML body gives " +
        "xml, anything else gives text. expected_type casts the result.",
        RequestVariable.ExpectedType,
        RequestVariable.Nullable)
    {
        Returns = [DataType.Array, DataType.Boolean, DataType.Float, DataType.Integer, DataType.Json, DataType.Text, DataType.Undefined, DataType.Xml],
        ReturnsTypeOf = "expected_type",
        Reads = RequestReads.Body,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var body = context.Request.Body;
        var value = string.IsNullOrEmpty(body) ? DataContainer.Undefined : Parse(context, body);
        return RequestVariable.Result(context, value, "Request body", null);
    }

    private static DataContainer Parse(NodeContext context, string body)
    {
        var mediaType = context.Request.ContentType ?? "";
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim();
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return DataContainer.FromPlain(PlainJson.Parse(body));
            }
            catch (PlainJsonException ex)
            {
                throw context.Error($"The request body is not valid JSON: {ex.Message}.");
            }
        }
        return mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
               || mediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
               || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            ? DataContainer.Xml(body)
            : DataContainer.Text(body);
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        node.KnownValue("nullable") is { Data: false } && string.IsNullOrEmpty(request.Body)
            ? RequestVariable.MissingMessage("Request body", null)
            : null;
}
