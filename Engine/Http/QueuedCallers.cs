using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Who a queued job acts as: the user id and the API key id of the caller whose call queued it — never an access token
/// or a key, which a job (stored, listed, retried) must not hold.
/// </summary>
/// <param name="Uid">The user, or null.</param>
/// <param name="Kid">The API key the caller came with, or null.</param>
public sealed record QueuedCaller(long? Uid, long? Kid)
{
    /// <summary>A caller without credentials.</summary>
    public static readonly QueuedCaller Anonymous = new(null, null);

    /// <summary>The caller as a job's payload keeps it: <c>{uid, kid}</c>.</summary>
    public Map ToMap() => new() { ["uid"] = Uid, ["kid"] = Kid };

    /// <summary>The caller a payload keeps (anonymous when it holds none).</summary>
    public static QueuedCaller From(object? value) => value is Map map
        ? new QueuedCaller(map.GetValueOrDefault("uid") as long?, map.GetValueOrDefault("kid") as long?)
        : Anonymous;

    /// <summary>
    /// True when <paramref name="other"/> is this caller: the same API key when this one came with a key, else the same
    /// user; anyone for an anonymous caller.
    /// </summary>
    public bool Admits(QueuedCaller other) => Kid is { } kid ? other.Kid == kid : Uid is not { } uid || (other.Uid == uid && other.Kid is null);
}

/// <summary>How a job acts as its caller: the caller checked again now, and what its in-process requests carry.</summary>
/// <param name="Caller">The caller as it is now; null for an anonymous one.</param>
/// <param name="Headers">Credentials for the job's requests: a bearer access token minted now for a user.</param>
/// <param name="ActingApiKey">The API key <c>validate_api_key</c> checks again for a caller that came with one.</param>
public sealed record QueuedActing(Caller? Caller, IReadOnlyDictionary<string, string> Headers, long? ActingApiKey);

/// <summary>
/// Finds who queues a job and makes the job act as them when it runs. When queued: the caller the resource's security
/// verified, else whoever the request's credentials name (a public resource checks none, yet its scripts' platform.api
/// calls carry them), else anonymous. When run: the user must still be active and the key still valid for the
/// application (else the job fails, saying so); a user's requests then carry an access token minted for them, a key's
/// the key's id, which only <c>validate_api_key</c> reads.
/// </summary>
public sealed class QueuedCallers(TokenService tokens, ApiKeyService keys, TimeProvider time)
{
    /// <summary>
    /// The caller of a request, as a job keeps it. An access token counts by its signature and lifetime alone unless
    /// <paramref name="userMustBeActive"/>: when a job runs, its user is checked then (a user deleted between the answer
    /// and the queueing of a queued script fails the job instead of turning it anonymous).
    /// </summary>
    public async Task<QueuedCaller> IdentifyAsync(Caller? verified, IReadOnlyDictionary<string, string> headers,
        IReadOnlyDictionary<string, object?> query, long? actingApiKey, ResourceScope scope, bool userMustBeActive,
        CancellationToken cancellationToken)
    {
        if (verified is not null)
        {
            return Of(verified);
        }
        if (AccessTokens.FromAuthorization(headers.GetValueOrDefault("Authorization")) is { } token)
        {
            var uid = userMustBeActive
                ? (await tokens.ValidateAsync(token, cancellationToken).ConfigureAwait(false)).Caller?.Uid
                : (await tokens.ReadAsync(token, checkLifetime: true).ConfigureAwait(false)).Claims?.Uid;
            if (uid is not null)
            {
                return new QueuedCaller(uid, null);
            }
        }
        var key = headers.GetValueOrDefault(ApiKeyService.Header)?.Trim() is { Length: > 0 } header
            ? header
            : query.GetValueOrDefault(ApiKeyService.QueryVariable) as string;
        var keyed = !string.IsNullOrEmpty(key) ? await keys.VerifyAsync(key, scope, cancellationToken).ConfigureAwait(false)
            : actingApiKey is { } kid ? await keys.VerifyByIdAsync(kid, scope, cancellationToken).ConfigureAwait(false)
            : null;
        return keyed is null ? QueuedCaller.Anonymous : Of(keyed);
    }

    /// <summary>
    /// Acts as <paramref name="caller"/> in <paramref name="application"/> now; an <see cref="InvalidOperationException"/>
    /// naming the user or key when it may no longer act (the job fails with that message).
    /// </summary>
    public async Task<QueuedActing> ActAsync(QueuedCaller caller, ApplicationInfo application, CancellationToken cancellationToken)
    {
        if (caller.Kid is { } kid)
        {
            var scope = new ResourceScope(application.Accid, application.Appid, application.Account, application.Name);
            var keyed = await keys.VerifyByIdAsync(kid, scope, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"The API key {kid} this job was queued with is revoked or no longer valid for application '{application.Name}': the job does not run.");
            return new QueuedActing(keyed, NoHeaders, kid);
        }
        if (caller.Uid is { } uid)
        {
            var user = await tokens.CallerAsync(uid, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"User {uid}, who queued this job, was deleted or deactivated: the job does not run.");
            var token = await tokens.CreateAccessTokenAsync(user, time.GetUtcNow()).ConfigureAwait(false);
            return new QueuedActing(user, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + token }, null);
        }
        return new QueuedActing(null, NoHeaders, null);
    }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private static QueuedCaller Of(Caller caller) => new(caller.Uid, caller.ApiKeyId);
}
