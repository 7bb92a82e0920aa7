using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Endpoint;

/// <summary>Calls a remote HTTP endpoint on the outbound allow-list and returns its response as a value.</summary>
public sealed class Url : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Url",
        "Calls a remote URL and returns the response: JSON as a value, XML as xml, HTML as html, images as image, text as text. " +
        "Only hosts in ApiStudio:Outbound:AllowedHosts can be called, redirects included (403 otherwise). " +
        "A non-2xx answer is an error (502) when report_error is true; timeouts are 504.",
        new InputSpec("method", "The HTTP method.") { LimitTypes = [DataType.Text], LimitValues = ["get", "post", "put", "patch", "delete"], Default = "get" },
        new InputSpec("url", "The absolute http or https address.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("expected_type", "How to read the response; auto follows its content type.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["auto", "json", "xml", "text", "html", "image"], Default = "auto",
        },
        new InputSpec("body", "The request body: arrays and json are sent as JSON, xml as XML, anything else as text."),
        new InputSpec("headers", "Request headers, a map name → value.") { LimitTypes = [DataType.Array] },
        new InputSpec("auth", "Authentication: {type: basic, username, password} or {type: bearer, token}; never sent on to another host.")
        {
            LimitTypes = [DataType.Array],
        },
        new InputSpec("report_error", "Stop with an error when the remote answers with a non-2xx status.") { LimitTypes = [DataType.Boolean], Default = true },
        new InputSpec("connect_timeout", "Seconds allowed to connect (positive).") { LimitTypes = [DataType.Integer] },
        new InputSpec("timeout", "Seconds allowed for the whole call (positive); default ApiStudio:Outbound:TimeoutSeconds.") { LimitTypes = [DataType.Integer] })
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var http = context.Evaluation.Services?.GetService<OutboundHttp>()
            ?? throw context.Error("The url processor needs the host's outbound HTTP service.", ErrorCodes.Configuration, 500);
        var address = context.Val("url").AsText(context.NodeId);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw context.Error($"'{address}' is not an absolute address.");
        }
        var (body, contentType) = RemoteCall.Body(context);
        var request = new OutboundRequest(((string)context.Val("method").Data!).ToUpperInvariant(), uri)
        {
            Headers = RemoteCall.Headers(context),
            Body = body,
            BodyContentType = contentType,
            Authorization = RemoteCall.Authorization(context),
            ConnectTimeout = RemoteCall.Seconds(context, "connect_timeout"),
            Timeout = RemoteCall.Seconds(context, "timeout") ?? TimeSpan.FromSeconds(http.Options.TimeoutSeconds),
        };
        // Its errors name no node: the parser attributes them to this one.
        var response = await http.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && context.Val("report_error").AsBoolean(context.NodeId))
        {
            throw RemoteCall.Failed(context, response);
        }
        return RemoteCall.Value(context, response, (string)context.Val("expected_type").Data!);
    }
}
