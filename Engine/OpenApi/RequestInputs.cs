using ApiStudio.Engine.Resources;

namespace ApiStudio.Engine.OpenApi;

/// <summary>A request variable a resource reads, as OpenAPI describes it.</summary>
/// <param name="Name">The variable (query key, header name, body field, or path parameter name).</param>
/// <param name="ExpectedType">The <c>expected_type</c> of the first node reading it that declares one, else null.</param>
/// <param name="Required">True when every node reading it is non-nullable.</param>
/// <param name="NodeId">The first node reading it.</param>
public sealed record RequestInput(string Name, string? ExpectedType, bool Required, string NodeId);

/// <summary>What kinds of credentials a resource's security tree checks.</summary>
[Flags]
public enum SecurityKinds
{
    /// <summary>Public, or a security tree of processors that are not recognised.</summary>
    None = 0,

    /// <summary>A bearer token (<c>validate_token</c>, <c>validate_token_roles</c>, <c>bearer_token</c>).</summary>
    Bearer = 1,

    /// <summary>An API key (<c>validate_api_key</c>).</summary>
    ApiKey = 2,
}

/// <summary>
/// The request variables found anywhere in a resource's trees (security, fragments, process, output): the
/// <c>var_get</c>, <c>var_post</c>, <c>var_header</c>, <c>var_uri</c> and <c>var_body</c> nodes whose <c>key</c> (or
/// <c>index</c>) is a literal. A variable read by several nodes is required only when none of them is nullable, since a
/// nullable read shows the resource copes without it.
/// </summary>
public sealed class RequestInputs
{
    private RequestInputs()
    {
    }

    /// <summary>Query variables (<c>var_get</c>).</summary>
    public IReadOnlyList<RequestInput> Query { get; private init; } = [];

    /// <summary>Body fields (<c>var_post</c>).</summary>
    public IReadOnlyList<RequestInput> Body { get; private init; } = [];

    /// <summary>Headers (<c>var_header</c>).</summary>
    public IReadOnlyList<RequestInput> Headers { get; private init; } = [];

    /// <summary>Named uri segments read by <c>var_uri</c> with <c>key</c>.</summary>
    public IReadOnlyList<RequestInput> UriKeys { get; private init; } = [];

    /// <summary>Positional uri arguments by index (<c>var_uri</c> with <c>index</c>); the name is the first node's id.</summary>
    public IReadOnlyDictionary<long, RequestInput> Positional { get; private init; } = new Dictionary<long, RequestInput>();

    /// <summary>The whole body (<c>var_body</c>), or null.</summary>
    public RequestInput? WholeBody { get; private init; }

    /// <summary>The credentials the security tree checks.</summary>
    public SecurityKinds Security { get; private init; }

    /// <summary>Collects the inputs of a document.</summary>
    public static RequestInputs Of(ResourceDocument document)
    {
        var query = new Collector(StringComparer.Ordinal);
        var body = new Collector(StringComparer.Ordinal);
        var headers = new Collector(StringComparer.OrdinalIgnoreCase);
        var uriKeys = new Collector(StringComparer.Ordinal);
        var positional = new Dictionary<long, RequestInput>();
        RequestInput? wholeBody = null;
        var roots = new List<Element>();
        if (document.Security is not null)
        {
            roots.Add(document.Security);
        }
        roots.AddRange(document.Fragments.Select(f => f.Value));
        if (document.Process is not null)
        {
            roots.Add(document.Process);
        }
        if (document.Output is not null)
        {
            roots.Add(document.Output);
        }
        foreach (var node in Nodes(roots))
        {
            switch (node.Processor)
            {
                case "var_get":
                    query.Add(node);
                    break;
                case "var_post":
                    body.Add(node);
                    break;
                case "var_header":
                    headers.Add(node);
                    break;
                case "var_uri" when Literal(node, "index") is long index and >= 0:
                    positional[index] = positional.TryGetValue(index, out var known)
                        ? known with { Required = known.Required && !Nullable(node), ExpectedType = known.ExpectedType ?? ExpectedType(node) }
                        : new RequestInput(node.Id, ExpectedType(node), !Nullable(node), node.Id);
                    break;
                case "var_uri":
                    uriKeys.Add(node);
                    break;
                case "var_body":
                    wholeBody = wholeBody is null
                        ? new RequestInput("body", ExpectedType(node), !Nullable(node), node.Id)
                        : wholeBody with { Required = wholeBody.Required && !Nullable(node) };
                    break;
            }
        }
        return new RequestInputs
        {
            Query = query.Inputs,
            Body = body.Inputs,
            Headers = headers.Inputs,
            UriKeys = uriKeys.Inputs,
            Positional = positional,
            WholeBody = wholeBody,
            Security = document.Security is null ? SecurityKinds.None : SecurityOf(document.Security),
        };
    }

    /// <summary>Every processor node of the trees, depth-first (iterative: trees may be deep).</summary>
    private static IEnumerable<NodeElement> Nodes(IEnumerable<Element> roots)
    {
        var stack = new Stack<Element>(roots.Reverse());
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case NodeElement node:
                    yield return node;
                    for (var i = node.Inputs.Count - 1; i >= 0; i--)
                    {
                        stack.Push(node.Inputs[i].Value);
                    }
                    break;
                case ListElement list:
                    for (var i = list.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push(list.Items[i]);
                    }
                    break;
                case MapElement map:
                    for (var i = map.Entries.Count - 1; i >= 0; i--)
                    {
                        stack.Push(map.Entries[i].Value);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// The credentials the Security processors of a security tree check, by their exact machine names: a processor
    /// that only mentions a token (<c>generate_token</c>, <c>refresh_token</c>) or a key checks no credentials.
    /// </summary>
    private static SecurityKinds SecurityOf(Element security)
    {
        var kinds = SecurityKinds.None;
        foreach (var node in Nodes([security]))
        {
            kinds |= node.Processor switch
            {
                "validate_token" or "validate_token_roles" or "bearer_token" => SecurityKinds.Bearer,
                "validate_api_key" => SecurityKinds.ApiKey,
                _ => SecurityKinds.None,
            };
        }
        return kinds;
    }

    private static object? Literal(NodeElement node, string input) => (node.Input(input) as LiteralElement)?.Value;

    private static string? ExpectedType(NodeElement node) => Literal(node, "expected_type") as string;

    /// <summary>True unless <c>nullable</c> is absent or literally false (a computed value may be true).</summary>
    private static bool Nullable(NodeElement node) => node.Input("nullable") switch
    {
        null => false,
        LiteralElement { Value: bool flag } => flag,
        LiteralElement { Value: string text } => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase),
        LiteralElement => false,
        _ => true,
    };

    /// <summary>Variables by name, in the order first read.</summary>
    private sealed class Collector(StringComparer comparer)
    {
        private readonly Dictionary<string, int> _index = new(comparer);

        public List<RequestInput> Inputs { get; } = [];

        public void Add(NodeElement node)
        {
            if (Literal(node, "key") is not string key || key.Length == 0)
            {
                return;
            }
            if (_index.TryGetValue(key, out var at))
            {
                var known = Inputs[at];
                Inputs[at] = known with { Required = known.Required && !Nullable(node), ExpectedType = known.ExpectedType ?? ExpectedType(node) };
                return;
            }
            _index[key] = Inputs.Count;
            Inputs.Add(new RequestInput(key, ExpectedType(node), !Nullable(node), node.Id));
        }
    }
}
