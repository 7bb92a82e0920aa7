using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Turns an HTTP request into the engine's <see cref="ApiRequest"/>: query, headers, URI arguments and the body
/// (JSON, url-encoded or multipart form with files, XML, text). Malformed bodies are 400 with the parser's message,
/// bodies over the limit 413, other media types 415.
/// </summary>
public static class ApiRequestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the request.</summary>
    public static async Task<ApiRequest> ReadAsync(HttpRequest http, string method, RouteMatch match, long maxBodyBytes,
        CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Headers)
        {
            headers[name] = values.ToString();
        }
        var post = new Dictionary<string, object?>(StringComparer.Ordinal);
        var files = new Dictionary<string, BinaryValue>(StringComparer.Ordinal);
        string? body = null;
        string? mediaType = null;
        if (http.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }
        if (HasBody(http))
        {
            mediaType = MediaTypeOf(http.ContentType);
            switch (Classify(mediaType))
            {
                case BodyKind.Form:
                    var form = await ReadFormAsync(http, maxBodyBytes, cancellationToken).ConfigureAwait(false);
                    foreach (var (name, values) in form)
                    {
                        post[name] = Variable(values);
                    }
                    foreach (var file in form.Files)
                    {
                        await using var stream = file.OpenReadStream();
                        using var buffer = new MemoryStream();
                        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                        files[file.Name] = new BinaryValue(buffer.ToArray(), file.FileName, file.ContentType);
                    }
                    break;
                case BodyKind.Json:
                    body = await ReadTextAsync(http, maxBodyBytes, cancellationToken).ConfigureAwait(false);
                    object? parsed;
                    try
                    {
                        parsed = PlainJson.Parse(body);
                    }
                    catch (PlainJsonException ex)
                    {
                        throw new ApiException($"Malformed JSON body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
                    }
                    if (parsed is Map fields)
                    {
                        foreach (var (name, value) in fields)
                        {
                            post[name] = value;
                        }
                    }
                    break;
                case BodyKind.Text:
                    body = await ReadTextAsync(http, maxBodyBytes, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new ApiException($"Unsupported media type '{mediaType}': send JSON, a form, XML or text.",
                        ErrorCodes.InvalidInput, null, 415);
            }
        }
        return new ApiRequest
        {
            Method = method,
            Uri = match.Resource!.Resource.Uri,
            Query = QueryOf(http.Query),
            Post = post,
            Headers = headers,
            UriArguments = match.Arguments,
            UriKeys = match.Keys,
            Body = body,
            ContentType = mediaType,
            Files = files,
        };
    }

    /// <summary>The query string as request variables (a repeated key gives a list).</summary>
    public static IReadOnlyDictionary<string, object?> QueryOf(IQueryCollection query)
    {
        var variables = new Dictionary<string, object?>(query.Count, StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            variables[name] = Variable(values);
        }
        return variables;
    }

    private static object? Variable(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 ? values[0] : values.Select(v => (object?)v).ToList();

    private static bool HasBody(HttpRequest http) =>
        http.ContentLength > 0 || (http.ContentLength is null && http.Headers.TransferEncoding.Count > 0);

    private static string? MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static BodyKind Classify(string? mediaType) => mediaType switch
    {
        "application/x-www-form-urlencoded" or "multipart/form-data" => BodyKind.Form,
        "application/json" or "text/json" => BodyKind.Json,
        { } m when m.EndsWith("+json", StringComparison.Ordinal) => BodyKind.Json,
        null or "text/plain" or "application/xml" or "text/xml" or "text/html" or "text/csv" => BodyKind.Text,
        // Resource documents are imported as raw YAML bodies.
        "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" => BodyKind.Text,
        { } m when m.EndsWith("+xml", StringComparison.Ordinal) => BodyKind.Text,
        _ => BodyKind.Unsupported,
    };

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest http, long maxBodyBytes, CancellationToken cancellationToken)
    {
        try
        {
            http.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: maxBodyBytes);
            return await http.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(maxBodyBytes);
        }
        catch (InvalidDataException ex)
        {
            throw new ApiException($"Malformed form body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
        }
    }

    private static async Task<string> ReadTextAsync(HttpRequest http, long maxBodyBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                throw TooLarge(maxBodyBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            {
                bytes = bytes[3..];
            }
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiException("The request body is not valid UTF-8.", ErrorCodes.InvalidInput, null, 400);
        }
    }

    private static ApiException TooLarge(long maxBodyBytes) =>
        new($"The request body is larger than {maxBodyBytes} bytes.", ErrorCodes.InvalidInput, null, 413);

    private enum BodyKind
    {
        Text,
        Json,
        Form,
        Unsupported,
    }
}
