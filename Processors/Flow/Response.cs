using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using System.Net.Http.Headers;

namespace ApiStudio.Processors.Flow;

/// <summary>Sets the status, headers and Content-Type of the successful answer, and returns its data.</summary>
public sealed class Response : Processor
{
    /// <summary>The lowest status an answer may have.</summary>
    public const int MinStatus = 200;

    /// <summary>The highest status an answer may have.</summary>
    public const int MaxStatus = 599;

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Response",
        "Returns data as it is and sets the status, headers and Content-Type of the answer (wrapped or raw, in any " +
        "format). Put it at the root of process, or anywhere in the tree: the last response node run wins, headers add up. " +
        "An error still answers with its own status. " +
        "Example: {processor: response, id: created, status: 201, headers: {Location: /api/shop/main/orders/42}, data: {order: 42}} " +
        "answers 201 with a Location header and {\"result\":\"ok\",\"data\":{\"order\":42}}.",
        new InputSpec("data", "The data of the answer (absent = null); the node returns it unchanged."),
        new InputSpec("status", $"The HTTP status, {MinStatus} to {MaxStatus}; 204 and 304 send no body. Absent = unchanged (200).")
        {
            LimitTypes = [DataType.Integer],
        },
        new InputSpec("headers", "Headers to add: a map name → value (text, number or boolean; a list of them sends the header " +
            "once per item). Not Content-Type (use content_type), framing headers, Access-Control-* or X-ApiStudio-*.")
        {
            LimitTypes = [DataType.Array],
        },
        new InputSpec("content_type", "The Content-Type of the answer, e.g. application/problem+json; the body keeps the " +
            "format negotiated or forced by an output processor. Absent = that format's media type.")
        {
            LimitTypes = [DataType.Text],
        })
    {
        Returns = [],
        ReturnsBranches = ["data"],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var settings = context.Evaluation.Response ?? new ResponseSettings();
        var status = context.Val("status");
        if (!status.IsUndefined)
        {
            var code = status.AsInteger(context.NodeId);
            if (code is < MinStatus or > MaxStatus)
            {
                throw context.Error($"Input 'status' must be between {MinStatus} and {MaxStatus}, got {code} (node '{context.NodeId}').");
            }
            settings.Status = (int)code;
        }
        var contentType = context.Val("content_type");
        if (!contentType.IsUndefined)
        {
            var text = (string)contentType.Data!;
            if (!MediaTypeHeaderValue.TryParse(text, out _) || !ResponseSettings.IsHeaderValue(text))
            {
                throw context.Error($"Input 'content_type' is not a media type: '{text}' (node '{context.NodeId}').");
            }
            settings.ContentType = text;
        }
        var headers = context.Val("headers");
        if (!headers.IsUndefined)
        {
            if (headers.Data is not Map map)
            {
                throw context.Error($"Input 'headers' must be a map of header names to values (node '{context.NodeId}').");
            }
            foreach (var (name, value) in map)
            {
                settings.SetHeader(CheckName(context, name), Values(context, name, value));
            }
        }
        context.Evaluation.Response = settings;
        return context.Val("data");
    }

    private static string CheckName(NodeContext context, string name)
    {
        if (!ResponseSettings.IsHeaderName(name))
        {
            throw context.Error($"'{name}' is not a header name (node '{context.NodeId}').");
        }
        if (!ResponseSettings.MaySet(name))
        {
            throw context.Error($"The header '{name}' cannot be set by a resource (node '{context.NodeId}').");
        }
        return name;
    }

    private static List<string> Values(NodeContext context, string name, object? value)
    {
        var items = value is List<object?> list ? list : [value];
        var texts = new List<string>(items.Count);
        foreach (var item in items)
        {
            var text = item switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                long or double => Convert.ToString(item, CultureInfo.InvariantCulture)!,
                _ => throw context.Error($"Header '{name}' takes text, numbers or booleans, not {DataContainer.FromPlain(item).Type.Name()} (node '{context.NodeId}')."),
            };
            if (!ResponseSettings.IsHeaderValue(text))
            {
                throw context.Error($"Header '{name}' holds a character a header cannot carry (visible ASCII, spaces and tabs only) (node '{context.NodeId}').");
            }
            texts.Add(text);
        }
        return texts;
    }
}
