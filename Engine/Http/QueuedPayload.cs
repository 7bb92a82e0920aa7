using System.Text;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>
/// What the jobs of queued calls and queued scripts share: reading their JSON payload and its fields, the application
/// they belong to, and bodies as text (base64 when they are not UTF-8 text). A payload the host did not write, or an
/// application deleted meanwhile, fails the job with a message saying so.
/// </summary>
internal static class QueuedPayload
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string[] CredentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie", Security.ApiKeyService.Header];

    /// <summary>True for a header that carries credentials, which a job never keeps (it keeps who the caller is instead).</summary>
    public static bool IsCredential(string header) =>
        CredentialHeaders.Any(name => string.Equals(name, header, StringComparison.OrdinalIgnoreCase));

    /// <summary>The payload of a job, a JSON object.</summary>
    public static Map Read(JobContext job) =>
        PlainJson.TryParse(job.Payload, out var parsed) && parsed is Map map
            ? map
            : throw new InvalidOperationException($"Job {job.Id} ({job.Kind}) has a payload that is not a JSON object.");

    /// <summary>
    /// The application the job belongs to, as this host serves it now — read again from the database when this host does
    /// not know it (created since this process loaded them, on a host whose notice has not come yet).
    /// </summary>
    public static async Task<ApplicationInfo> ApplicationAsync(ResourceRegistry registry, JobContext job, CancellationToken cancellationToken)
    {
        if (job.Appid is { } appid)
        {
            if (!registry.Applications.ContainsKey(appid))
            {
                await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
            }
            if (registry.Applications.TryGetValue(appid, out var app))
            {
                return app;
            }
        }
        throw new InvalidOperationException($"The application {job.Appid} of job {job.Id} no longer exists: the job does not run.");
    }

    /// <summary>An integer field; an error naming it when it is missing.</summary>
    public static long Long(Map payload, string key) =>
        payload.GetValueOrDefault(key) as long? ?? throw new InvalidOperationException($"The job's payload lacks the integer '{key}'.");

    /// <summary>Puts a body in the payload: <c>body</c> when it is UTF-8 text, else <c>body_base64</c>.</summary>
    public static void PutBody(Map payload, byte[] body)
    {
        if (body.Length == 0)
        {
            return;
        }
        try
        {
            payload["body"] = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            payload["body_base64"] = Convert.ToBase64String(body);
        }
    }

    /// <summary>The body a payload holds, or null.</summary>
    public static byte[]? BodyOf(Map payload) =>
        payload.GetValueOrDefault("body") is string text ? Encoding.UTF8.GetBytes(text)
        : payload.GetValueOrDefault("body_base64") is string base64 ? Convert.FromBase64String(base64)
        : null;

    /// <summary>
    /// A response body as plain content: JSON parsed, other text (text/*, XML, YAML) as text, anything else — or text
    /// that is not UTF-8 — as base64 (and <paramref name="base64"/> true).
    /// </summary>
    public static object? Content(byte[] body, string? contentType, out bool base64)
    {
        base64 = false;
        if (body.Length == 0)
        {
            return null;
        }
        var type = contentType ?? "";
        var json = type.Contains("json", StringComparison.OrdinalIgnoreCase);
        var textual = json || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.Contains("xml", StringComparison.OrdinalIgnoreCase) || type.Contains("yaml", StringComparison.OrdinalIgnoreCase);
        string text;
        try
        {
            text = textual ? StrictUtf8.GetString(body) : "";
        }
        catch (DecoderFallbackException)
        {
            textual = false;
            text = "";
        }
        if (!textual)
        {
            base64 = true;
            return Convert.ToBase64String(body);
        }
        return json && PlainJson.TryParse(text, out var parsed) ? parsed : text;
    }
}
