using System.Buffers;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Turns an HTTP request into the engine's <see cref="ApiRequest"/>: query, headers, URI arguments and the body.
/// JSON (an object's fields become POST variables), url-encoded and multipart forms (fields and files), XML and text
/// are read; a malformed body is 400 with the parser's message, text that is not valid in its charset 400, a body over
/// the limit 413 (declared or streamed), any other media type 415.
/// </summary>
public static class ApiRequestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the request.</summary>
    public static async Task<ApiRequest> ReadAsync(HttpRequest http, string method, RouteMatch match, long maxBodyBytes,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(http, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        return new ApiRequest
        {
            Method = method,
            Uri = match.Resource!.Resource.Uri,
            Query = new QueryVariables(http.Query),
            Post = body.Post,
            Headers = new HeaderVariables(http.Headers),
            UriArguments = match.Arguments,
            UriKeys = match.Keys,
            Body = body.Text,
            Json = body.Json,
            ContentType = body.MediaType,
            Files = body.Files,
            ClientAddress = http.HttpContext.Connection.RemoteIpAddress?.ToString(),
        };
    }

    /// <summary>Reads and parses the body by its media type.</summary>
    private static async Task<RequestBody> ReadBodyAsync(HttpRequest http, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (http.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }
        if (!HasBody(http))
        {
            return RequestBody.None;
        }
        LimitBodySize(http, maxBodyBytes);
        var contentType = ContentType.Parse(http.ContentType);
        try
        {
            return contentType.MediaType switch
            {
                "multipart/form-data" => await ReadMultipartAsync(http, contentType, cancellationToken).ConfigureAwait(false),
                "application/x-www-form-urlencoded" => ReadUrlEncoded(
                    await ReadTextAsync(http, contentType, maxBodyBytes, cancellationToken).ConfigureAwait(false), contentType),
                _ when contentType.IsJson => ReadJson(
                    await ReadTextAsync(http, contentType, maxBodyBytes, cancellationToken).ConfigureAwait(false), contentType),
                _ when contentType.IsXml => ReadXml(
                    await ReadTextAsync(http, contentType, maxBodyBytes, cancellationToken).ConfigureAwait(false), contentType),
                _ when contentType.IsText => new RequestBody(
                    await ReadTextAsync(http, contentType, maxBodyBytes, cancellationToken).ConfigureAwait(false), contentType.MediaType),
                _ => throw new ApiException(
                    $"Unsupported media type '{contentType.MediaType}': send JSON, a form, XML or text.", ErrorCodes.InvalidInput, null, 415),
            };
        }
        catch (BadHttpRequestException ex)
        {
            throw ServerVerdict(ex, maxBodyBytes);
        }
    }

    /// <summary>
    /// Reads the whole body as it came, without parsing it (a queued call keeps it so); 413 past
    /// <paramref name="maxBodyBytes"/>, declared or streamed. Empty when there is no body.
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest http, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (http.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }
        if (!HasBody(http))
        {
            return [];
        }
        LimitBodySize(http, maxBodyBytes);
        using var kept = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await http.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (kept.Length + read > maxBodyBytes)
                {
                    throw TooLarge(maxBodyBytes);
                }
                kept.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            throw ServerVerdict(ex, maxBodyBytes);
        }
        return kept.ToArray();
    }

    /// <summary>Kestrel's own verdicts while the body streams in: over the size limit (413) or a broken framing (400).</summary>
    private static ApiException ServerVerdict(BadHttpRequestException ex, long maxBodyBytes) =>
        ex.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(maxBodyBytes)
            : new ApiException($"Malformed request body: {ex.Message}", ErrorCodes.InvalidInput, null, ex.StatusCode);

    private static bool HasBody(HttpRequest http) =>
        http.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (http.ContentLength > 0 || http.Headers.TransferEncoding.Count > 0);

    /// <summary>Makes the server itself stop a streamed (chunked) body at the limit, whatever reads it.</summary>
    private static void LimitBodySize(HttpRequest http, long maxBodyBytes)
    {
        var feature = http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBodyBytes;
        }
    }

    private static RequestBody ReadJson(string text, ContentType contentType)
    {
        object? parsed;
        try
        {
            parsed = PlainJson.Parse(text);
        }
        catch (PlainJsonException ex)
        {
            throw new ApiException($"Malformed JSON body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
        }
        var post = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parsed is Map fields)
        {
            foreach (var (name, value) in fields)
            {
                post[name] = value;
            }
        }
        return new RequestBody(text, contentType.MediaType) { Post = post, Json = parsed };
    }

    private static RequestBody ReadXml(string text, ContentType contentType)
    {
        try
        {
            XmlJsonConverter.ToPlain(text);
        }
        catch (ApiException ex)
        {
            throw new ApiException($"Malformed XML body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
        }
        return new RequestBody(text, contentType.MediaType);
    }

    private static RequestBody ReadUrlEncoded(string text, ContentType contentType)
    {
        Dictionary<string, StringValues> form;
        try
        {
            using var reader = new FormReader(text);
            form = reader.ReadForm();
        }
        catch (InvalidDataException ex)
        {
            throw new ApiException($"Malformed form body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
        }
        var post = new Dictionary<string, object?>(form.Count, StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            post[name] = QueryVariables.Variable(values);
        }
        return new RequestBody(text, contentType.MediaType) { Post = post };
    }

    private static async Task<RequestBody> ReadMultipartAsync(HttpRequest http, ContentType contentType, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            throw new ApiException($"Malformed form body: {ex.Message}", ErrorCodes.InvalidInput, null, 400);
        }
        var post = new Dictionary<string, object?>(form.Count, StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            post[name] = QueryVariables.Variable(values);
        }
        var files = new Dictionary<string, BinaryValue>(form.Files.Count, StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            if (files.ContainsKey(file.Name))
            {
                continue; // One file per field: the first one sent.
            }
            await using var stream = file.OpenReadStream();
            var content = new byte[file.Length];
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            files[file.Name] = new BinaryValue(content, Path.GetFileName(file.FileName), file.ContentType);
        }
        return new RequestBody(null, contentType.MediaType) { Post = post, Files = files };
    }

    /// <summary>Reads the whole body as text in its charset (strict UTF-8 by default), stopping at the limit.</summary>
    private static async Task<string> ReadTextAsync(HttpRequest http, ContentType contentType, long maxBodyBytes,
        CancellationToken cancellationToken)
    {
        var encoding = contentType.Encoding();
        // A pooled buffer of the declared length (one read more shows whether the body is longer), else grown as it comes.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBodyBytes, (http.ContentLength ?? 4096) + 1));
        try
        {
            var length = 0;
            int read;
            while ((read = await http.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > maxBodyBytes)
                {
                    throw TooLarge(maxBodyBytes);
                }
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBodyBytes + 1, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            var bytes = buffer.AsSpan(0, length);
            if (encoding.CodePage == Encoding.UTF8.CodePage && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }
            try
            {
                return encoding.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new ApiException($"The request body is not valid {encoding.WebName.ToUpperInvariant()}.", ErrorCodes.InvalidInput, null, 400);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ApiException TooLarge(long maxBodyBytes) =>
        new($"The request body is larger than {maxBodyBytes} bytes.", ErrorCodes.InvalidInput, null, 413);

    /// <summary>What the body gave: its text (when it is text), its media type, POST variables and files.</summary>
    private sealed record RequestBody(string? Text, string? MediaType)
    {
        public static readonly RequestBody None = new(null, null);

        public IReadOnlyDictionary<string, object?> Post { get; init; } = ApiRequest.NoVariables;

        public IReadOnlyDictionary<string, BinaryValue> Files { get; init; } = ApiRequest.NoFiles;

        public object? Json { get; init; }
    }

    /// <summary>A parsed <c>Content-Type</c>: the media type (lower-case, null when absent) and its charset.</summary>
    private readonly record struct ContentType(string? MediaType, string? Charset)
    {
        public bool IsJson => MediaType is "application/json" or "text/json" || MediaType?.EndsWith("+json", StringComparison.Ordinal) == true;

        public bool IsXml => MediaType is "application/xml" or "text/xml" || MediaType?.EndsWith("+xml", StringComparison.Ordinal) == true;

        // A body without a Content-Type is taken as text, as curl -d sends it; resource documents are imported as raw
        // YAML bodies, whose registered types are application/yaml and the older application/x-yaml.
        public bool IsText => MediaType is null or "application/yaml" or "application/x-yaml"
            || MediaType.StartsWith("text/", StringComparison.Ordinal) || MediaType.EndsWith("+yaml", StringComparison.Ordinal);

        public static ContentType Parse(string? header)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                return new ContentType(null, null);
            }
            var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            string? charset = null;
            for (var i = 1; i < parts.Length; i++)
            {
                if (parts[i].StartsWith("charset=", StringComparison.OrdinalIgnoreCase))
                {
                    charset = parts[i]["charset=".Length..].Trim('"', ' ');
                }
            }
            return new ContentType(parts.Length == 0 ? null : parts[0].ToLowerInvariant(), charset);
        }

        /// <summary>The charset's strict decoder: UTF-8 when none is given; 415 for a charset the host cannot decode.</summary>
        public Encoding Encoding()
        {
            if (Charset is null || Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                || Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return StrictUtf8;
            }
            try
            {
                return System.Text.Encoding.GetEncoding(Charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                throw new ApiException($"Unsupported charset '{Charset}': send UTF-8.", ErrorCodes.InvalidInput, null, 415);
            }
        }
    }
}
