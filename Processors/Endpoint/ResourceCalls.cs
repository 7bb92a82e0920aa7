using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Endpoint;

/// <summary>The resource a <c>resource_call</c> node names, and the request it sends.</summary>
internal static class ResourceCalls
{
    /// <summary>Method, account, application and uri segments of a call.</summary>
    public sealed record Call(string Method, string Account, string Application, string Uri, string[] Segments)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Method.ToUpperInvariant()} {Account}/{Application}/{Uri}";
    }

    /// <summary>Reads the target inputs: the served account and application unless given.</summary>
    public static Call Target(NodeContext context, ResourceScope scope)
    {
        var uri = context.Val("uri").AsText(context.NodeId).Trim('/');
        if (uri.Contains('?', StringComparison.Ordinal))
        {
            throw context.Error("Give query variables in the input 'query', not in the uri.");
        }
        if (context.Has("account") && !context.Has("application"))
        {
            throw context.Error("Input 'account' needs the input 'application' too.");
        }
        var account = context.Has("account") ? context.Val("account").AsText(context.NodeId) : scope.Account;
        var application = context.Has("application") ? context.Val("application").AsText(context.NodeId) : scope.Application;
        return new Call((string)context.Val("method").Data!, account, application, uri, uri.Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The called resource's request: the query and body given, and this request's headers (so that its security sees
    /// the same credentials), except the content headers of this request's body.
    /// </summary>
    public static ApiRequest Request(NodeContext context, Call call, RouteMatch match)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.Request.Headers)
        {
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = value;
            }
        }
        var query = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (context.Has("query"))
        {
            if (context.Val("query").Data is not Map variables)
            {
                throw context.Error("Input 'query' must be a map of name → value.");
            }
            foreach (var (name, value) in variables)
            {
                query[name] = value is List<object?> list
                    ? list.Select(item => (object?)DataContainer.FromPlain(item).AsText(context.NodeId)).ToList()
                    : DataContainer.FromPlain(value).AsText(context.NodeId);
            }
        }
        var post = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? body = null;
        string? contentType = null;
        if (context.Has("body"))
        {
            var value = context.Val("body");
            if (value.Type is DataType.Array or DataType.Json && value.ToPlain(context.NodeId) is Map fields)
            {
                foreach (var (name, field) in fields)
                {
                    post[name] = field;
                }
            }
            (body, contentType) = value.Type is DataType.Array or DataType.Json
                ? (value.Type == DataType.Json ? (string)value.Data! : PlainJson.Serialize(value.Data), "application/json")
                : (value.AsText(context.NodeId), "text/plain");
        }
        return new ApiRequest
        {
            Method = call.Method,
            Uri = match.Resource!.Resource.Uri,
            Query = query,
            Post = post,
            Headers = headers,
            UriArguments = match.Arguments,
            UriKeys = match.Keys,
            Body = body,
            ContentType = contentType,
            // Throttles that count per client keep counting the client that made the outer request.
            ClientAddress = context.Request.ClientAddress,
        };
    }
}
