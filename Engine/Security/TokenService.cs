using System.Globalization;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Security;

/// <summary>A freshly issued access token and refresh token (the answer of <c>POST auth/token</c>).</summary>
/// <param name="Uid">User id.</param>
/// <param name="Token">The signed access token.</param>
/// <param name="TokenExpiry">When the access token expires.</param>
/// <param name="RefreshToken">The refresh token (only its hash is stored).</param>
/// <param name="RefreshExpiry">When the refresh token expires.</param>
public sealed record TokenPair(long Uid, string Token, DateTimeOffset TokenExpiry, string RefreshToken, DateTimeOffset RefreshExpiry)
{
    /// <summary><c>{uid, token, token_expiry, refresh_token, refresh_expiry}</c>, times as ISO 8601 UTC.</summary>
    public Map ToMap() => new()
    {
        ["uid"] = Uid,
        ["token"] = Token,
        ["token_expiry"] = Iso(TokenExpiry),
        ["refresh_token"] = RefreshToken,
        ["refresh_expiry"] = Iso(RefreshExpiry),
    };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The outcome of checking an access token: the caller, or why there is none.</summary>
/// <param name="Caller">The verified caller.</param>
/// <param name="Failure">Why the token was refused (<see cref="TokenFailure.Invalid"/> also for a deleted or deactivated user).</param>
public readonly record struct CallerCheck(Caller? Caller, TokenFailure Failure);

/// <summary>
/// Sign-in, access tokens and refresh tokens. Passwords are checked with <see cref="IPasswordHasher{TUser}"/>;
/// access tokens are signed JWTs (<see cref="AccessTokens"/>); refresh tokens are random, stored as SHA-256 hashes,
/// rotated on every refresh and revoked by logout.
/// </summary>
/// <remarks>
/// Checking an access token re-reads the user and its grants in one query: a deactivated or deleted user loses access
/// at once, and so does a revoked grant — the roles inside the token are informational for clients.
/// </remarks>
public sealed partial class TokenService(
    Database database,
    SigningKeySource keys,
    IPasswordHasher<UserRow> passwords,
    ResourceRegistry registry,
    IOptions<ApiStudioOptions> options,
    SignInThrottle throttle,
    TimeProvider time,
    ILogger<TokenService> logger)
{
    private static readonly UserRow Nobody = new() { Username = "" };
    private string? _dummyHash;

    private JwtOptions Jwt => options.Value.Jwt;

    private string Audience => string.IsNullOrEmpty(Jwt.Audience) ? Jwt.Issuer : Jwt.Audience;

    /// <summary>
    /// Checks user name and password and issues tokens; null for wrong credentials or an inactive user. A 429
    /// <see cref="ApiException"/> with <see cref="ApiException.RetryAfter"/> when the user name or the client address
    /// has failed too often (<see cref="SignInThrottle"/>): then the password is not even checked.
    /// </summary>
    /// <remarks>An unknown user costs a password verification too, and is throttled alike, so neither timing nor
    /// refusals tell which names exist.</remarks>
    public Task<TokenPair?> LoginAsync(string username, string password, string? clientAddress = null,
        CancellationToken cancellationToken = default) =>
        ThrottledAsync(username, clientAddress, async () => await CheckedUserAsync(username, password, cancellationToken).ConfigureAwait(false) is { } uid
            ? await IssueAsync(uid, cancellationToken).ConfigureAwait(false)
            : null);

    /// <summary>
    /// Checks user name and password under the same throttle as <see cref="LoginAsync"/> and returns the caller
    /// without issuing tokens (the studio keeps a cookie session instead); null for wrong credentials or an inactive user.
    /// </summary>
    public Task<Caller?> SignInAsync(string username, string password, string? clientAddress = null,
        CancellationToken cancellationToken = default) =>
        ThrottledAsync(username, clientAddress, async () => await CheckedUserAsync(username, password, cancellationToken).ConfigureAwait(false) is { } uid
            ? await CallerAsync(uid, cancellationToken).ConfigureAwait(false)
            : null);

    /// <summary>The caller of user <paramref name="uid"/> with the grants it holds now; null when the user is missing or inactive.</summary>
    public async Task<Caller?> CallerAsync(long uid, CancellationToken cancellationToken = default) =>
        CallerOf(await database.ReadAsync(db => UserRoleMapper.AccessOfAsync(db, uid), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Exchanges a (possibly expired) access token and a valid refresh token of the same user for new tokens; the
    /// refresh token is used up. Null when either is invalid, they belong to different users, or the user is inactive.
    /// Failures count against the client address as failed sign-ins do (a 429 once it has failed too often).
    /// </summary>
    public Task<TokenPair?> RefreshAsync(string accessToken, string refreshToken, string? clientAddress = null,
        CancellationToken cancellationToken = default) =>
        ThrottledAsync(null, clientAddress, () => ExchangeAsync(accessToken, refreshToken, cancellationToken));

    /// <summary>
    /// One attempt under the throttle: refused (429) before any work when the user name (null for a refresh) or the
    /// address has failed too often; counted as a failure when it begins and settled when it ends — also when the
    /// database fails — so parallel guesses cannot slip past the count.
    /// </summary>
    private async Task<T?> ThrottledAsync<T>(string? username, string? clientAddress, Func<Task<T?>> attempt)
        where T : class
    {
        var address = SignInThrottle.AddressText(clientAddress);
        Throttle(throttle.TryBegin(username, clientAddress), username, address);
        T? issued = null;
        try
        {
            issued = await attempt().ConfigureAwait(false);
            return issued;
        }
        finally
        {
            if (issued is not null)
            {
                throttle.Succeeded(username, clientAddress);
            }
            else
            {
                if (username is null)
                {
                    LogRefreshFailed(logger, address);
                }
                else
                {
                    LogLoginFailed(logger, LogText(username), address);
                }
                ReportLockout(throttle.Failed(username, clientAddress), username, address);
            }
        }
    }

    /// <summary>The id of the active user whose password this is; null otherwise.</summary>
    private async Task<long?> CheckedUserAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = await database.ReadAsync(db => UserMapper.FindByUsernameAsync(db, username), cancellationToken).ConfigureAwait(false);
        var hash = user is { PasswordHash.Length: > 0 } ? user.PasswordHash : DummyHash();
        var verified = Verify(user ?? Nobody, hash, password);
        if (user is null || !user.Active || verified == PasswordVerificationResult.Failed)
        {
            return null;
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await database.InTransactionAsync(db => UserMapper.SetPasswordHashAsync(db, user.Uid, passwords.HashPassword(user, password)),
                cancellationToken).ConfigureAwait(false);
        }
        return user.Uid;
    }

    private async Task<TokenPair?> ExchangeAsync(string accessToken, string refreshToken, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync().ConfigureAwait(false);
        var check = AccessTokens.Read(key, Jwt.Issuer, Audience, accessToken, checkLifetime: false, time.GetUtcNow());
        if (check.Claims is not { } claims || string.IsNullOrEmpty(refreshToken))
        {
            return null;
        }
        var hash = Secrets.Hash(refreshToken);
        var used = await database.InTransactionAsync(async db =>
        {
            var stored = await RefreshTokenMapper.FindValidAsync(db, hash).ConfigureAwait(false);
            // Revoking is the atomic step: of two concurrent refreshes with one token, only one wins.
            return stored is not null && stored.Uid == claims.Uid && await RefreshTokenMapper.RevokeAsync(db, hash).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return used ? await IssueAsync(claims.Uid, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The 429 of a throttled attempt (logged at Debug only: a flood must not flood the log too).</summary>
    private void Throttle(TimeSpan wait, string? username, string address)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        var seconds = (long)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        LogThrottled(logger, username is null ? "" : LogText(username), address, seconds);
        throw new ApiException($"Too many failed sign-ins: try again in {seconds} s.", ErrorCodes.Authentication, null, 429)
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    private void ReportLockout(SignInLockout started, string? username, string address)
    {
        if (started.HasFlag(SignInLockout.User))
        {
            LogUserLockedOut(logger, LogText(username ?? ""), address);
        }
        if (started.HasFlag(SignInLockout.Address))
        {
            LogAddressLockedOut(logger, address);
        }
    }

    /// <summary>A user name as logged: cut to a readable length (it is whatever the client sent).</summary>
    private static string LogText(string username) => username.Length > 100 ? username[..100] + "…" : username;

    /// <summary>Revokes a refresh token; false when it was not valid.</summary>
    public Task<bool> LogoutAsync(string refreshToken, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(refreshToken)
            ? Task.FromResult(false)
            : database.InTransactionAsync(db => RefreshTokenMapper.RevokeAsync(db, Secrets.Hash(refreshToken)), cancellationToken);

    /// <summary>
    /// Issues an access token and a refresh token for an active user, with the grants the user holds now; null when
    /// the user does not exist or is inactive.
    /// </summary>
    public async Task<TokenPair?> IssueAsync(long uid, CancellationToken cancellationToken = default)
    {
        // The key first: a signing problem must not leave a refresh token behind that nobody received.
        await keys.GetAsync().ConfigureAwait(false);
        var now = time.GetUtcNow();
        var refresh = Secrets.NewToken();
        var refreshExpiry = now.AddDays(Jwt.RefreshTokenDays);
        var caller = await database.InTransactionAsync(async db =>
        {
            var found = CallerOf(await UserRoleMapper.AccessOfAsync(db, uid).ConfigureAwait(false));
            if (found is not null)
            {
                await RefreshTokenMapper.CreateAsync(db, uid, Secrets.Hash(refresh), refreshExpiry.ToUnixTimeMilliseconds()).ConfigureAwait(false);
            }
            return found;
        }, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            return null;
        }
        var token = await CreateAccessTokenAsync(caller, now).ConfigureAwait(false);
        return new TokenPair(uid, token, now.AddMinutes(Jwt.AccessTokenMinutes), refresh, refreshExpiry);
    }

    /// <summary>Signs an access token for <paramref name="caller"/> issued at <paramref name="issuedAt"/>.</summary>
    public async Task<string> CreateAccessTokenAsync(Caller caller, DateTimeOffset issuedAt)
    {
        var key = await keys.GetAsync().ConfigureAwait(false);
        var claims = new AccessTokenClaims(caller.Uid!.Value, caller.Username ?? "", caller.Roles, issuedAt, issuedAt.AddMinutes(Jwt.AccessTokenMinutes));
        return AccessTokens.Create(key, Jwt.Issuer, Audience, claims);
    }

    /// <summary>
    /// Verifies an access token (signature, issuer, audience, lifetime) and builds the caller from the user's current
    /// state: a deleted or deactivated user is refused.
    /// </summary>
    public async Task<CallerCheck> ValidateAsync(string? accessToken, CancellationToken cancellationToken = default)
    {
        var check = await ReadAsync(accessToken, checkLifetime: true).ConfigureAwait(false);
        if (!check.IsValid)
        {
            return new CallerCheck(null, check.Failure);
        }
        var caller = await CallerAsync(check.Claims!.Uid, cancellationToken).ConfigureAwait(false);
        return caller is null ? new CallerCheck(null, TokenFailure.Invalid) : new CallerCheck(caller, TokenFailure.None);
    }

    /// <summary>Verifies a token's signature (and lifetime when asked) without touching the database.</summary>
    public async Task<TokenCheck> ReadAsync(string? accessToken, bool checkLifetime)
    {
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            return new TokenCheck(null, TokenFailure.Missing);
        }
        var key = await keys.GetAsync().ConfigureAwait(false);
        return AccessTokens.Read(key, Jwt.Issuer, Audience, accessToken, checkLifetime, time.GetUtcNow());
    }

    /// <summary>The caller of an active user from its access rows; null for a missing or inactive user.</summary>
    private Caller? CallerOf(List<UserAccessRow> rows) => Caller.OfUser(rows, registry.Applications);

    /// <summary>Verifies a password; a stored hash that is not a PasswordHasher hash fails instead of throwing.</summary>
    private PasswordVerificationResult Verify(UserRow user, string hash, string password)
    {
        try
        {
            return passwords.VerifyHashedPassword(user, hash, password);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }

    private string DummyHash() => _dummyHash ??= passwords.HashPassword(Nobody, Secrets.NewToken());

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "A sign-in of user name {UserName} from {ClientAddress} failed (wrong user name or password, or inactive user)")]
    private static partial void LogLoginFailed(ILogger logger, string userName, string clientAddress);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "A token refresh from {ClientAddress} failed (invalid token or refresh token)")]
    private static partial void LogRefreshFailed(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "User name {UserName} is locked out of signing in after repeated failures (last from {ClientAddress})")]
    private static partial void LogUserLockedOut(ILogger logger, string userName, string clientAddress);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Client address {ClientAddress} is locked out of signing in after repeated failures")]
    private static partial void LogAddressLockedOut(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 26, Level = LogLevel.Debug, Message = "A sign-in of user name {UserName} from {ClientAddress} was refused for {Seconds} s by the throttle")]
    private static partial void LogThrottled(ILogger logger, string userName, string clientAddress, long seconds);
}
