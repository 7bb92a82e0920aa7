using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A request header; the name is case-insensitive.</summary>
public sealed class VarHeader : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Header",
        "A request header, as text. The name is case-insensitive. An empty header counts as missing.",
        RequestVariable.Key("The header name (case-insensitive)."),
        RequestVariable.ExpectedType,
        RequestVariable.Nullable)
    {
        Returns = [DataType.Text, DataType.Undefined],
        ReturnsTypeOf = "expected_type",
        Reads = RequestReads.NamedHeaders,
        HeaderInput = "key",
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var name = context.Val("key").AsText(context.NodeId);
        return RequestVariable.Result(context, DataContainer.Text(Find(context.Request.Headers, name)), "Header", name);
    }

    private static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }
        // The host builds a case-insensitive map; a map built with another comparer is searched by hand.
        foreach (var (key, candidate) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        RequestVariable.MissingBeforehand(node, "Header", name => DataContainer.Text(Find(request.Headers, name)));
}
