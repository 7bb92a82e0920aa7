using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Http;

/// <summary>A queued call's job as its caller is told of it: <c>{job_id, status_url}</c>.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="StatusUrl">Where its caller reads its status and result (a path on this host).</param>
public sealed record QueuedJob(long Id, string StatusUrl)
{
    /// <summary><c>{job_id, status_url}</c>.</summary>
    public Map ToMap() => new() { ["job_id"] = Id, ["status_url"] = StatusUrl };
}

/// <summary>
/// Where the caller who queued a call reads its job: <c>GET /{base}/{account}/{application}/$jobs/{id}?token=…</c>,
/// in the application's envelope, the job as the admin API's <c>GET job/{id}</c> shows it (which stays for Developers
/// of the application). The one place of the rule for reading a job here: the job belongs to the application of the
/// address; the token is the job's (an HMAC of its id under the host's signing key — ids are sequential, so an id
/// alone proves nothing); and a job queued by a user or with an API key is read only with that user's token or that
/// key (401 without credentials, 403 with another caller's). A wrong token, another application's job or no job at
/// all are the same 404. Resource uris cannot hold <c>$</c>, so the route never hides a resource.
/// </summary>
public sealed class JobStatusRoute(Database database, SigningKeySource keys, ResourceRegistry registry, QueuedCallers callers,
    IOptions<ApiStudioOptions> options)
{
    /// <summary>The path segment after the application.</summary>
    public const string Segment = "$jobs";

    // Bytes of the HMAC kept in a token: 192 bits, 32 characters of base64url.
    private const int TokenBytes = 24;

    /// <summary>The job of a call queued in <paramref name="application"/>, with the address its caller reads it at.</summary>
    public async Task<QueuedJob> LinkAsync(ApplicationInfo application, long id)
    {
        var token = await TokenAsync(id).ConfigureAwait(false);
        var path = string.Create(CultureInfo.InvariantCulture,
            $"/{options.Value.ApiBasePath.Trim('/')}/{Uri.EscapeDataString(application.Account)}/{Uri.EscapeDataString(application.Name)}" +
            $"/{Segment}/{id}?token={token}");
        return new QueuedJob(id, path);
    }

    /// <summary>Answers a read of job <paramref name="id"/> (and the CORS preflight of one).</summary>
    public async Task AnswerAsync(HttpContext http, string account, string application, long id)
    {
        var cancellationToken = http.RequestAborted;
        var negotiated = OutputFormatter.FromMediaType(http.Request.Headers.Accept.ToString());
        var app = registry.FindApplication(account, application);
        var wrap = app?.Settings.Wrap ?? true;
        http.Response.Headers.CacheControl = "no-store";
        ApiResponse answer;
        try
        {
            if (app is null)
            {
                throw NotFound();
            }
            CorsPolicy.ApplyToResponse(http, app.Settings);
            if (HttpMethods.IsOptions(http.Request.Method))
            {
                http.Response.Headers.Allow = "GET, OPTIONS";
                if (CorsPolicy.IsPreflight(http.Request))
                {
                    CorsPolicy.ApplyToPreflight(http, app.Settings, ["get"]);
                }
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            var job = await ReadableAsync(http.Request, app, id, cancellationToken).ConfigureAwait(false);
            var result = new ResourceResult(DataContainer.FromPlain(AdminShapes.Job(job)), []);
            answer = ApiResponseWriter.Success(result, negotiated ?? OutputFormat.Json, wrap);
        }
        catch (ApiException error)
        {
            answer = ApiResponseWriter.Error(error, negotiated, wrap);
        }
        await answer.WriteAsync(http.Response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job, when the request may read it; else the 404, 401 or 403 to answer.</summary>
    private async Task<JobRow> ReadableAsync(HttpRequest request, ApplicationInfo app, long id, CancellationToken cancellationToken)
    {
        if (!await TokenMatchesAsync(id, request.Query["token"].ToString()).ConfigureAwait(false))
        {
            throw NotFound();
        }
        var job = await database.ReadAsync(db => JobMapper.FindAsync(db, id), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Appid != app.Appid)
        {
            throw NotFound();
        }
        var owner = QueuedCaller.From((PlainJson.TryParse(job.Payload, out var payload) ? payload as Map : null)?.GetValueOrDefault("caller"));
        if (owner == QueuedCaller.Anonymous)
        {
            return job;
        }
        var scope = new ResourceScope(app.Accid, app.Appid, app.Account, app.Name);
        var reader = await callers.IdentifyAsync(null, new HeaderVariables(request.Headers), new QueryVariables(request.Query), null, scope,
            userMustBeActive: true, cancellationToken).ConfigureAwait(false);
        if (owner.Admits(reader))
        {
            return job;
        }
        throw reader == QueuedCaller.Anonymous
            ? new ApiException("This job is read with the credentials it was queued with (Authorization: Bearer <token>, or the API key).",
                ErrorCodes.Authentication, null, 401)
            : new ApiException("This job was queued by another caller.", ErrorCodes.Authentication, null, 403);
    }

    private async Task<string> TokenAsync(long id)
    {
        var key = await keys.GetAsync().ConfigureAwait(false);
        var mac = HMACSHA256.HashData(key.Key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"apistudio job status {id}")));
        return Base64Url.EncodeToString(mac.AsSpan(0, TokenBytes));
    }

    private async Task<bool> TokenMatchesAsync(long id, string given) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(await TokenAsync(id).ConfigureAwait(false)), Encoding.ASCII.GetBytes(given));

    private static ApiException NotFound() =>
        new("No such job here, or the address is not the one its caller was given.", ErrorCodes.InvalidCall, null, 404);
}
