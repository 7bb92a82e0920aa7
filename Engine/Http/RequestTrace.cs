using System.Globalization;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace ApiStudio.Engine.Http;

/// <summary>
/// The per-node trace of a request: asked for with <c>X-ApiStudio-Trace: 1</c>, returned only to a Developer or above
/// on the served application — the caller verified by the resource's security or, when that identified nobody (an
/// unsecured resource), the request's bearer token or API key, checked for the trace alone. Anyone else gets the normal
/// response, without trace and without error, and <c>X-ApiStudio-Trace-Refused</c> saying why. In a wrapped JSON or XML envelope the trace is the member
/// <c>trace</c> beside <c>data</c>; otherwise it is the response header <c>X-ApiStudio-Trace</c> (JSON, ASCII, at most
/// <see cref="MaxHeaderLength"/> characters, <c>X-ApiStudio-Trace-Truncated: true</c> when entries were left out).
/// </summary>
/// <remarks>
/// Values of the security tree and of every Security processor's sub-tree (tokens, passwords, keys) are shown as
/// <c>[redacted]</c>. A traced request bypasses the result cache, so the trace is of a real evaluation.
/// </remarks>
public static class RequestTrace
{
    /// <summary>The request header that asks for a trace, and the response header that carries one outside an envelope.</summary>
    public const string Header = "X-ApiStudio-Trace";

    /// <summary>Set when the trace header had to leave entries out.</summary>
    public const string TruncatedHeader = "X-ApiStudio-Trace-Truncated";

    /// <summary>The response header that says why a trace asked for is not returned.</summary>
    public const string RefusedHeader = "X-ApiStudio-Trace-Refused";

    /// <summary>Longest trace header written.</summary>
    public const int MaxHeaderLength = 16 * 1024;

    /// <summary>What replaces secret values.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Evaluation options of a traced request.</summary>
    public static readonly EvaluationOptions Options = EvaluationOptions.Default with { Trace = true };

    /// <summary>True when the request asks for a trace (<c>1</c> or <c>true</c>).</summary>
    public static bool Requested(HttpRequest request)
    {
        var value = request.Headers[Header].ToString().Trim();
        return value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Who may see the trace of this evaluation: the caller its security identified, else — for the trace alone, the
    /// evaluation never sees it — the user of the request's bearer token or the caller of its API key; refused (with
    /// the reason for <see cref="RefusedHeader"/>) unless that is a Developer or above on the served application.
    /// </summary>
    public static async ValueTask<TraceViewer> ViewerAsync(EvaluationContext evaluation, HttpRequest request, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (evaluation.Scope is not { } scope)
        {
            return new TraceViewer(null, "no application");
        }
        var caller = evaluation.Caller;
        if (caller is null)
        {
            string? failure = null;
            if (AccessTokens.FromAuthorization(request.Headers.Authorization.ToString()) is { } token)
            {
                var check = await services.GetRequiredService<TokenService>().ValidateAsync(token, cancellationToken).ConfigureAwait(false);
                caller = check.Caller;
                failure = check.Failure == TokenFailure.Expired ? "expired token" : "invalid token";
            }
            if (caller is null && ApiKeyOf(request) is { } key)
            {
                caller = await services.GetRequiredService<ApiKeyService>().VerifyAsync(key, scope, cancellationToken).ConfigureAwait(false);
                failure ??= "invalid API key";
            }
            if (caller is null)
            {
                return new TraceViewer(null, failure ?? "no credentials");
            }
        }
        return caller.HasAnyRole(Roles.DeveloperOrAbove, scope.Accid, scope.Appid)
            ? new TraceViewer(caller, null)
            : new TraceViewer(null, "needs Developer or above on this application");
    }

    /// <summary>
    /// The trace to return as plain values (a list of <c>{id, processor, inputs, type, output, duration_ms, error}</c>),
    /// or null when none was recorded or there is no <paramref name="viewer"/> allowed to see it.
    /// </summary>
    public static List<object?>? Visible(EvaluationContext? evaluation, PreparedResource resource, Caller? viewer)
    {
        if (evaluation is not { Trace: { } entries } || viewer is null)
        {
            return null;
        }
        var secret = SecretNodes(resource);
        var list = new List<object?>(entries.Count);
        foreach (var entry in entries)
        {
            var hide = secret.Contains(entry.Id);
            var inputs = new Map();
            foreach (var (name, value) in entry.Inputs)
            {
                inputs[name] = hide ? Redacted : value;
            }
            list.Add(new Map
            {
                ["id"] = entry.Id,
                ["processor"] = entry.Processor,
                ["inputs"] = inputs,
                ["type"] = entry.OutputType,
                ["output"] = hide ? Redacted : entry.Output,
                ["duration_ms"] = entry.DurationMs,
                ["error"] = entry.Error,
            });
        }
        return list;
    }

    /// <summary>The trace as a header value: compact JSON with non-ASCII escaped, cut to whole entries that fit.</summary>
    public static (string Value, bool Truncated) HeaderValue(List<object?> trace)
    {
        var kept = new List<object?>(trace);
        while (true)
        {
            var text = new StringBuilder();
            using (var writer = new JsonTextWriter(new StringWriter(text, CultureInfo.InvariantCulture)))
            {
                writer.StringEscapeHandling = StringEscapeHandling.EscapeNonAscii;
                PlainJson.Write(writer, kept);
            }
            if (text.Length <= MaxHeaderLength || kept.Count == 0)
            {
                return (text.ToString(), kept.Count < trace.Count);
            }
            kept.RemoveRange(kept.Count / 2, kept.Count - kept.Count / 2);
        }
    }

    /// <summary>The API key of the request: header, else query variable.</summary>
    private static string? ApiKeyOf(HttpRequest request)
    {
        var header = request.Headers[ApiKeyService.Header].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }
        var query = request.Query[ApiKeyService.QueryVariable].ToString();
        return query.Length > 0 ? query : null;
    }

    /// <summary>Ids of nodes whose values are secret: the security tree, and every Security processor with its inputs.</summary>
    private static HashSet<string> SecretNodes(PreparedResource resource)
    {
        var secret = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<(PlanElement Element, bool Secret)>();
        if (resource.Security is not null)
        {
            work.Push((resource.Security, true));
        }
        work.Push((resource.Process, false));
        foreach (var fragment in resource.Fragments.Values)
        {
            work.Push((fragment, false));
        }
        foreach (var output in resource.Outputs)
        {
            if (output.Node is not null)
            {
                work.Push((output.Node, false));
            }
        }
        while (work.Count > 0)
        {
            var (element, inherited) = work.Pop();
            switch (element)
            {
                case NodePlan node:
                    var hidden = inherited || node.Processor.Menu == "Security";
                    if (hidden)
                    {
                        secret.Add(node.Id);
                    }
                    foreach (var input in node.Inputs)
                    {
                        foreach (var child in input.Elements)
                        {
                            work.Push((child, hidden));
                        }
                    }
                    break;
                case ListPlan list:
                    foreach (var item in list.Items)
                    {
                        work.Push((item, inherited));
                    }
                    break;
                case MapPlan map:
                    foreach (var value in map.Values)
                    {
                        work.Push((value, inherited));
                    }
                    break;
            }
        }
        return secret;
    }
}

/// <summary>Who may see a trace, or why nobody may.</summary>
/// <param name="Caller">The caller allowed to see it, or null.</param>
/// <param name="Refused">Why the trace is not returned (for <see cref="RequestTrace.RefusedHeader"/>), or null.</param>
public readonly record struct TraceViewer(Caller? Caller, string? Refused);
