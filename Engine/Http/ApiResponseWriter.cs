using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;

namespace ApiStudio.Engine.Http;

/// <summary>A response ready to send (and to cache): status, content type and body.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="ContentType">Content-Type header.</param>
/// <param name="Body">Body bytes.</param>
public sealed record ApiResponse(int Status, string ContentType, byte[] Body)
{
    /// <summary>A trace to send in the <c>X-ApiStudio-Trace</c> header (when it could not go in the envelope).</summary>
    public List<object?>? TraceHeader { get; init; }

    /// <summary>Writes the response.</summary>
    public Task WriteAsync(HttpResponse http, CancellationToken cancellationToken)
    {
        if (TraceHeader is not null)
        {
            var (value, truncated) = RequestTrace.HeaderValue(TraceHeader);
            http.Headers[RequestTrace.Header] = value;
            if (truncated)
            {
                http.Headers[RequestTrace.TruncatedHeader] = "true";
            }
        }
        http.StatusCode = Status;
        http.ContentType = ContentType;
        http.ContentLength = Body.Length;
        return http.Body.WriteAsync(Body, cancellationToken).AsTask();
    }
}

/// <summary>
/// Shapes responses (SPEC §6): the wrapped envelope <c>{"result":"ok","data":...}</c> or the raw value, errors as
/// <c>{"result":"error","data":{"id","code","message"}}</c> or DreamFactory's raw error shape, in the negotiated format.
/// </summary>
public static class ApiResponseWriter
{
    /// <summary>A successful response: the output processor's result when the resource has one, else <paramref name="value"/>
    /// in the negotiated format. A <paramref name="trace"/> goes beside <c>data</c> in a wrapped envelope, else in a header.</summary>
    public static ApiResponse Success(ResourceResult result, OutputFormat negotiated, bool wrap, List<object?>? trace = null)
    {
        if (result.Outputs.Count > 0 && OutputFormatter.ForcedBy(result.Outputs[0].Type) is { } forced)
        {
            var output = result.Outputs[0];
            if (wrap && forced == OutputFormat.Json)
            {
                var json = (string)output.Data!;
                var traced = trace is null ? "" : ",\"trace\":" + PlainJson.Serialize(trace);
                var body = System.Text.Encoding.UTF8.GetBytes("{\"result\":\"ok\",\"data\":" + json + traced + "}");
                return new ApiResponse(200, OutputFormatter.JsonContentType, body);
            }
            var formatted = OutputFormatter.Format(output, forced);
            return new ApiResponse(200, formatted.ContentType, formatted.Body) { TraceHeader = trace };
        }
        var enveloped = wrap && negotiated is OutputFormat.Json or OutputFormat.Xml;
        var envelope = new Map { ["result"] = "ok", ["data"] = result.Value.ToPlain() };
        if (trace is not null)
        {
            envelope["trace"] = trace;
        }
        var value = enveloped ? DataContainer.Array(envelope) : result.Value;
        var negotiatedBody = OutputFormatter.Format(value, negotiated);
        return new ApiResponse(200, negotiatedBody.ContentType, negotiatedBody.Body) { TraceHeader = enveloped ? null : trace };
    }

    /// <summary>An error response in JSON, or XML when the client asked for XML; a <paramref name="trace"/> goes beside
    /// <c>data</c> in the wrapped envelope, else in a header.</summary>
    public static ApiResponse Error(ApiException error, OutputFormat? negotiated, bool wrap, List<object?>? trace = null)
    {
        var status = error.HttpStatus is >= 400 and <= 599 ? error.HttpStatus : 500;
        // Several problems (input validation) are listed beside the joined message: "details" in the wrapped shape,
        // DreamFactory's "context" in the raw one.
        var details = error.Details?.Select(d => (object?)d).ToList();
        var data = new Map { ["id"] = error.ProcessorId, ["code"] = (long)error.Code, ["message"] = error.Message };
        if (details is not null)
        {
            data["details"] = details;
        }
        Map shape = wrap
            ? new Map
            {
                ["result"] = "error",
                ["data"] = data,
            }
            : new Map
            {
                ["error"] = new Map
                {
                    ["code"] = (long)error.Code,
                    ["context"] = details is null ? null : new Map { ["errors"] = details },
                    ["message"] = error.Message,
                    ["status_code"] = (long)status,
                },
            };
        if (wrap && trace is not null)
        {
            shape["trace"] = trace;
        }
        var format = negotiated == OutputFormat.Xml ? OutputFormat.Xml : OutputFormat.Json;
        var body = OutputFormatter.Format(DataContainer.Array(shape), format);
        return new ApiResponse(status, body.ContentType, body.Body) { TraceHeader = wrap ? null : trace };
    }
}
