using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Endpoint;

/// <summary>How the <c>url</c> processor turns its inputs into a request and the response into a value.</summary>
internal static class RemoteCall
{
    /// <summary>The request headers from the <c>headers</c> map; names must be tokens and values one line.</summary>
    public static List<KeyValuePair<string, string>> Headers(NodeContext context)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (!context.Has("headers"))
        {
            return headers;
        }
        if (context.Val("headers").Data is not Map map)
        {
            throw context.Error("Input 'headers' must be a map of header name → value.");
        }
        foreach (var (name, value) in map)
        {
            var text = DataContainer.FromPlain(value).AsText(context.NodeId);
            if (name.Length == 0 || !IsToken(name) || text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw context.Error($"Header '{name.ReplaceLineEndings(" ")}' has an invalid name or value (one line of text is allowed).");
            }
            headers.Add(new(name, text));
        }
        return headers;
    }

    /// <summary>The Authorization header from the <c>auth</c> map: <c>{type: basic, username, password}</c> or <c>{type: bearer, token}</c>.</summary>
    public static AuthenticationHeaderValue? Authorization(NodeContext context)
    {
        if (!context.Has("auth"))
        {
            return null;
        }
        var auth = context.Val("auth").Data as Map;
        string Field(string name) => auth!.GetValueOrDefault(name) is { } value
            ? DataContainer.FromPlain(value).AsText(context.NodeId)
            : throw context.Error($"Input 'auth' of type {auth["type"]} needs '{name}'.");
        return (auth?.GetValueOrDefault("type") as string)?.ToLowerInvariant() switch
        {
            "basic" => new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Field("username") + ":" + Field("password")))),
            "bearer" => new AuthenticationHeaderValue("Bearer", Field("token")),
            _ => throw context.Error("Input 'auth' must be a map with type basic (username, password) or bearer (token)."),
        };
    }

    /// <summary>The body text and its default content type: arrays and json as JSON, xml as XML, anything else as text.</summary>
    public static (string? Text, string ContentType) Body(NodeContext context)
    {
        if (!context.Has("body"))
        {
            return (null, "text/plain; charset=utf-8");
        }
        var body = context.Val("body");
        return body.Type switch
        {
            DataType.Array => (PlainJson.Serialize(body.Data), "application/json; charset=utf-8"),
            DataType.Json => ((string)body.Data!, "application/json; charset=utf-8"),
            DataType.Xml => ((string)body.Data!, "application/xml; charset=utf-8"),
            DataType.Html => ((string)body.Data!, "text/html; charset=utf-8"),
            _ => (body.AsText(context.NodeId), "text/plain; charset=utf-8"),
        };
    }

    /// <summary>A timeout input in seconds (positive), or null when absent.</summary>
    public static TimeSpan? Seconds(NodeContext context, string name)
    {
        if (!context.Has(name))
        {
            return null;
        }
        var seconds = context.Val(name).AsInteger(context.NodeId);
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw context.Error($"Input '{name}' must be a positive number of seconds.");
    }

    /// <summary>
    /// The response as a value: by <c>expected_type</c>, or (auto) by its content type — JSON parsed to a value, XML as
    /// xml, HTML as html, images as image, other text as text, other bytes as file; an empty body is undefined.
    /// </summary>
    public static DataContainer Value(NodeContext context, OutboundResponse response, string expected)
    {
        if (response.Body.Length == 0 && expected is "auto")
        {
            return DataContainer.Undefined;
        }
        var media = response.MediaType ?? "";
        var kind = expected != "auto" ? expected
            : media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal) ? "json"
            : media is "application/xml" or "text/xml" || media.EndsWith("+xml", StringComparison.Ordinal) ? "xml"
            : media == "text/html" ? "html"
            : media.StartsWith("image/", StringComparison.Ordinal) ? "image"
            : media.StartsWith("text/", StringComparison.Ordinal) || media.Length == 0 ? "text"
            : "file";
        switch (kind)
        {
            case "image":
                return DataContainer.Image(new BinaryValue(response.Body, null, response.MediaType));
            case "file":
                return DataContainer.File(new BinaryValue(response.Body, null, response.MediaType));
        }
        var text = Decode(response);
        switch (kind)
        {
            case "json":
                try
                {
                    return DataContainer.FromPlain(PlainJson.Parse(text));
                }
                catch (PlainJsonException ex)
                {
                    throw context.Error($"The response of {response.Uri.GetLeftPart(UriPartial.Path)} is not valid JSON: {ex.Message}",
                        ErrorCodes.ExternalService, 502);
                }
            case "xml":
                return XmlJsonConverter.IsWellFormed(text)
                    ? DataContainer.Xml(text)
                    : throw context.Error($"The response of {response.Uri.GetLeftPart(UriPartial.Path)} is not well-formed XML.",
                        ErrorCodes.ExternalService, 502);
            case "html":
                return DataContainer.Html(text);
            default:
                return DataContainer.Text(text);
        }
    }

    /// <summary>The error of a non-2xx answer when report_error is on: the status and the start of the body.</summary>
    public static ApiException Failed(NodeContext context, OutboundResponse response)
    {
        var text = Decode(response);
        var excerpt = text.Length > 200 ? text[..200] + "…" : text;
        return context.Error(
            $"The call to {response.Uri.GetLeftPart(UriPartial.Path)} answered {response.Status} {response.Reason}{(excerpt.Length > 0 ? ": " + excerpt : ".")}",
            ErrorCodes.ExternalService, 502);
    }

    private static string Decode(OutboundResponse response)
    {
        Encoding encoding;
        try
        {
            encoding = response.Charset is { Length: > 0 } charset ? Encoding.GetEncoding(charset.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
        }
        return encoding.GetString(response.Body);
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
