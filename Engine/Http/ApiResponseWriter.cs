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
    /// <summary>Writes the response.</summary>
    public Task WriteAsync(HttpResponse http, CancellationToken cancellationToken)
    {
        http.StatusCode = Status;
        http.ContentType = ContentType;
        http.ContentLength = Body.Length;
        return http.Body.WriteAsync(Body, cancellationToken).AsTask();
    }
}

/// <summary>
/// Shapes responses (SPEC §6). Per the application's <c>wrap</c> setting, JSON and XML bodies are either wrapped
/// (<c>{"result":"ok","data":...}</c>, errors <c>{"result":"error","data":{"id","code","message"}}</c>) or raw (the
/// value itself, errors in DreamFactory's shape <c>{"error":{"code","context","message","status_code"}}</c>).
/// HTML, text and binary bodies are never wrapped. The format is the one an output processor forced, else the
/// negotiated one.
/// </summary>
public static class ApiResponseWriter
{
    /// <summary>
    /// A successful response: the first output processor's result in the format it forces when the resource has one,
    /// else the value of <c>process</c> in the negotiated format.
    /// </summary>
    public static ApiResponse Success(ResourceResult result, OutputFormat negotiated, bool wrap)
    {
        var (value, format) = result.Outputs.Count > 0 && OutputFormatter.ForcedBy(result.Outputs[0].Type) is { } forced
            ? (result.Outputs[0], forced)
            : (result.Value, negotiated);
        var body = wrap ? Wrapped(value, format) : OutputFormatter.Format(value, format);
        return new ApiResponse(200, body.ContentType, body.Body);
    }

    /// <summary>
    /// An error response in XML when the client asked for XML, else JSON (an error is data for a program, even to a
    /// client that asked for HTML or text). <paramref name="context"/> fills the raw shape's <c>context</c>.
    /// </summary>
    public static ApiResponse Error(ApiException error, OutputFormat? negotiated, bool wrap, Map? context = null)
    {
        var status = error.HttpStatus is >= 400 and <= 599 ? error.HttpStatus : 500;
        var shape = wrap
            ? new Map
            {
                ["result"] = "error",
                ["data"] = new Map { ["id"] = error.ProcessorId, ["code"] = (long)error.Code, ["message"] = error.Message },
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
        var format = negotiated == OutputFormat.Xml ? OutputFormat.Xml : OutputFormat.Json;
        var body = OutputFormatter.Format(DataContainer.Array(shape), format);
        return new ApiResponse(status, body.ContentType, body.Body);
    }

    /// <summary>The wrapped success envelope for JSON and XML; other formats as they are.</summary>
    private static FormattedOutput Wrapped(DataContainer value, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                // The value's JSON text goes in as it is: no parse and re-serialise of a large json value.
                var json = (string)OutputFormatter.ToContainer(value, OutputFormat.Json).Data!;
                return new FormattedOutput(OutputFormatter.JsonContentType,
                    Encoding.UTF8.GetBytes("{\"result\":\"ok\",\"data\":" + json + "}"));
            case OutputFormat.Xml:
                var data = value.Type is DataType.File or DataType.Image ? value.AsText() : value.ToPlain();
                return OutputFormatter.Format(DataContainer.Array(new Map { ["result"] = "ok", ["data"] = data }), OutputFormat.Xml);
            default:
                return OutputFormatter.Format(value, format);
        }
    }
}
