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
/// Shapes responses (SPEC §6): the wrapped envelope <c>{"result":"ok","data":...}</c> or the raw value, errors as
/// <c>{"result":"error","data":{"id","code","message"}}</c> or DreamFactory's raw error shape, in the negotiated format.
/// </summary>
public static class ApiResponseWriter
{
    /// <summary>A successful response: the output processor's result when the resource has one, else <paramref name="value"/>
    /// in the negotiated format.</summary>
    public static ApiResponse Success(ResourceResult result, OutputFormat negotiated, bool wrap)
    {
        if (result.Outputs.Count > 0 && OutputFormatter.ForcedBy(result.Outputs[0].Type) is { } forced)
        {
            var output = result.Outputs[0];
            if (wrap && forced == OutputFormat.Json)
            {
                var json = (string)output.Data!;
                var body = System.Text.Encoding.UTF8.GetBytes("{\"result\":\"ok\",\"data\":" + json + "}");
                return new ApiResponse(200, OutputFormatter.JsonContentType, body);
            }
            var formatted = OutputFormatter.Format(output, forced);
            return new ApiResponse(200, formatted.ContentType, formatted.Body);
        }
        var value = wrap && negotiated is OutputFormat.Json or OutputFormat.Xml
            ? DataContainer.Array(new Map { ["result"] = "ok", ["data"] = result.Value.ToPlain() })
            : result.Value;
        var negotiatedBody = OutputFormatter.Format(value, negotiated);
        return new ApiResponse(200, negotiatedBody.ContentType, negotiatedBody.Body);
    }

    /// <summary>An error response in JSON, or XML when the client asked for XML.</summary>
    public static ApiResponse Error(ApiException error, OutputFormat? negotiated, bool wrap)
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
        var format = negotiated == OutputFormat.Xml ? OutputFormat.Xml : OutputFormat.Json;
        var body = OutputFormatter.Format(DataContainer.Array(shape), format);
        return new ApiResponse(status, body.ContentType, body.Body);
    }
}
