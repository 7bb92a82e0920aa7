using System.Text;
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

    /// <summary>The <c>Content-Disposition</c> of a named file or image, or null.</summary>
    public string? ContentDisposition { get; init; }

    /// <summary>Headers the resource set (<c>response</c> nodes), in order; a name may come several times.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>True for a status that carries no body (204, 304).</summary>
    public static bool IsBodiless(int status) => status is 204 or 304;

    /// <summary>Writes the response.</summary>
    public Task WriteAsync(HttpResponse http, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Headers)
        {
            http.Headers.Append(name, value);
        }
        if (TraceHeader is not null)
        {
            var (value, truncated) = RequestTrace.HeaderValue(TraceHeader);
            http.Headers[RequestTrace.Header] = value;
            if (truncated)
            {
                http.Headers[RequestTrace.TruncatedHeader] = "true";
            }
        }
        if (ContentDisposition is not null)
        {
            http.Headers.ContentDisposition = ContentDisposition;
        }
        http.StatusCode = Status;
        if (IsBodiless(Status))
        {
            return Task.CompletedTask;
        }
        http.ContentType = ContentType;
        http.ContentLength = Body.Length;
        return http.Body.WriteAsync(Body, cancellationToken).AsTask();
    }
}

/// <summary>
/// Shapes responses. Per the application's <c>wrap</c> setting, JSON and XML bodies are either wrapped
/// (<c>{"result":"ok","data":...}</c>, errors <c>{"result":"error","data":{"id","code","message"[,"details"]}}</c>) or raw
/// (the value itself, errors in DreamFactory's shape <c>{"error":{"code","context","message","status_code"}}</c>).
/// HTML, text and binary bodies are never wrapped. The format is the one an output processor forced, else the
/// negotiated one. A request trace (<see cref="RequestTrace"/>) is the member <c>trace</c> beside <c>data</c> of a
/// wrapped envelope, and the <c>X-ApiStudio-Trace</c> header of any other body.
/// </summary>
public static class ApiResponseWriter
{
    private static ReadOnlySpan<byte> SuccessStart => "{\"result\":\"ok\",\"data\":"u8;

    /// <summary>
    /// A successful response: the first output processor's result in the format it forces when the resource has one,
    /// else the value of <c>process</c> in the negotiated format, with the <paramref name="trace"/> when there is one;
    /// with the status, headers and Content-Type the tree set (<see cref="ResourceResult.Response"/>), in any envelope.
    /// </summary>
    public static ApiResponse Success(ResourceResult result, OutputFormat negotiated, bool wrap, List<object?>? trace = null)
    {
        var (value, format) = result.Outputs.Count > 0 && OutputFormatter.ForcedBy(result.Outputs[0].Type) is { } forced
            ? (result.Outputs[0], forced)
            : (result.Value, negotiated);
        var enveloped = wrap && format is OutputFormat.Json or OutputFormat.Xml;
        var settings = result.Response;
        var status = settings?.Status ?? 200;
        if (ApiResponse.IsBodiless(status))
        {
            return new ApiResponse(status, "", []) { TraceHeader = trace, Headers = settings!.Headers };
        }
        var body = enveloped ? Wrapped(value, format, trace) : OutputFormatter.Format(value, format);
        return new ApiResponse(status, settings?.ContentType ?? body.ContentType, body.Body)
        {
            TraceHeader = enveloped ? null : trace,
            ContentDisposition = format == OutputFormat.Binary ? DispositionOf(value) : null,
            Headers = settings?.Headers ?? [],
        };
    }

    /// <summary>A named file downloads as an attachment, a named image shows inline; unnamed values send none.</summary>
    private static string? DispositionOf(DataContainer value)
    {
        if (value.Data is not BinaryValue { FileName: { Length: > 0 } name })
        {
            return null;
        }
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue(value.Type == DataType.Image ? "inline" : "attachment");
        disposition.SetHttpFileName(name);
        return disposition.ToString();
    }

    /// <summary>
    /// An error response in XML when the client asked for XML, else JSON (an error is data for a program, even to a
    /// client that asked for HTML or text). <paramref name="context"/> fills the raw shape's <c>context</c> (by default
    /// the error's <see cref="ApiException.Details"/> as <c>errors</c>, which the wrapped shape lists as <c>details</c>);
    /// a <paramref name="trace"/> goes beside <c>data</c> in the wrapped shape, else in the header.
    /// </summary>
    public static ApiResponse Error(ApiException error, OutputFormat? negotiated, bool wrap, Map? context = null,
        List<object?>? trace = null)
    {
        var status = error.HttpStatus is >= 400 and <= 599 ? error.HttpStatus : 500;
        // Several problems (input validation) are listed beside the joined message: "details" in the wrapped shape,
        // "errors" in the raw shape's context (unless the caller gave that context).
        var details = error.Details is { } problems ? new List<object?>(problems) : null;
        var data = new Map { ["id"] = error.ProcessorId, ["code"] = (long)error.Code, ["message"] = error.Message };
        if (error.Context is not null)
        {
            data["context"] = error.Context;
            context ??= error.Context as Map ?? new Map { ["items"] = error.Context };
        }
        if (details is not null)
        {
            data["details"] = details;
            context ??= new Map { ["errors"] = details };
        }
        var shape = wrap
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
                    ["context"] = context,
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

    /// <summary>The wrapped success envelope of a JSON or XML body, with the trace beside <c>data</c> when there is one.</summary>
    private static FormattedOutput Wrapped(DataContainer value, OutputFormat format, List<object?>? trace)
    {
        if (format == OutputFormat.Json)
        {
            var suffix = trace is null ? "}"u8 : Encoding.UTF8.GetBytes(",\"trace\":" + PlainJson.Serialize(trace) + "}");
            if (OutputFormatter.IsPlainJson(value))
            {
                return new FormattedOutput(OutputFormatter.JsonContentType, PlainJsonUtf8.Serialize(value.Data, SuccessStart, suffix));
            }
            // The value's JSON text goes in as it is: no parse and re-serialise of a large json value.
            var json = (string)OutputFormatter.ToContainer(value, OutputFormat.Json).Data!;
            var body = new byte[SuccessStart.Length + Encoding.UTF8.GetByteCount(json) + suffix.Length];
            SuccessStart.CopyTo(body);
            var written = SuccessStart.Length + Encoding.UTF8.GetBytes(json, body.AsSpan(SuccessStart.Length));
            suffix.CopyTo(body.AsSpan(written));
            return new FormattedOutput(OutputFormatter.JsonContentType, body);
        }
        var data = value.Type is DataType.File or DataType.Image ? value.AsText() : value.ToPlain();
        var envelope = new Map { ["result"] = "ok", ["data"] = data };
        if (trace is not null)
        {
            envelope["trace"] = trace;
        }
        return OutputFormatter.Format(DataContainer.Array(envelope), OutputFormat.Xml);
    }
}
