using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Security;

/// <summary>A newly created API key: the stored row and the key itself, which is shown this once and never again.</summary>
/// <param name="Row">The stored row (holds only the key's hash and prefix).</param>
/// <param name="Key">The key.</param>
public sealed record CreatedApiKey(ApiKeyRow Row, string Key);

/// <summary>
/// API keys per application: random keys, stored as SHA-256 hashes, sent in the <c>X-ApiStudio-Api-Key</c>
/// header or the <c>api_key</c> query variable. A key-only caller gets the key's role, else the application's
/// <c>api_key_role</c> setting, limited to the key's application.
/// </summary>
public sealed class ApiKeyService(Database database, ResourceRegistry registry)
{
    /// <summary>The request header that carries a key.</summary>
    public const string Header = "X-ApiStudio-Api-Key";

    /// <summary>The query variable that carries a key.</summary>
    public const string QueryVariable = "api_key";

    /// <summary>What every key starts with (recognisable in logs and secret scanners).</summary>
    public const string KeyPrefix = "ask_";

    /// <summary>
    /// Creates a key for an application; the returned key is shown once. With <paramref name="createdBy"/> the key
    /// works only while that user could still create it (see <see cref="VerifyAsync"/>).
    /// </summary>
    public async Task<CreatedApiKey> CreateAsync(long appid, string name, string? role = null, long? uid = null,
        long? createdBy = null, CancellationToken cancellationToken = default)
    {
        var key = KeyPrefix + Secrets.NewToken();
        var row = await database.InTransactionAsync(
            db => ApiKeyMapper.CreateAsync(db, appid, name, key[..(KeyPrefix.Length + 6)], Secrets.Hash(key), role, uid, createdBy),
            cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(row, key);
    }

    /// <summary>Revokes a key; false when it does not exist or was revoked before.</summary>
    public Task<bool> RevokeAsync(long kid, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(db => ApiKeyMapper.RevokeAsync(db, kid), cancellationToken);

    /// <summary>
    /// The caller of a valid, unrevoked key of the served application; null for a missing, unknown, revoked key, a key
    /// of another application, a key acting as a user who is no longer active, or a key whose creator could not
    /// create it now.
    /// </summary>
    /// <remarks>
    /// A key never grants more than its creator holds, checked at every use rather than only when it was made: once
    /// the creator is deleted or deactivated, no longer manages the application, or no longer holds a role as high as
    /// the key's (its own, else the application's <c>api_key_role</c>), the key stops working — as if revoked, and
    /// back again if the grants are. Keys made without a creator (by the host's operator) are not capped.
    /// </remarks>
    public async Task<Caller?> VerifyAsync(string? key, ResourceScope scope, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 256)
        {
            return null;
        }
        var hash = Secrets.Hash(key);
        return await database.ReadAsync(async db =>
            await CallerOfAsync(db, await ApiKeyMapper.FindValidByHashAsync(db, hash).ConfigureAwait(false), scope).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The caller of key <paramref name="kid"/> as <see cref="VerifyAsync"/> would give it for the key itself: for a
    /// queued job, which keeps the id of its caller's key and never the key. Null when the key would be refused now.
    /// </summary>
    public Task<Caller?> VerifyByIdAsync(long kid, ResourceScope scope, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async db =>
        {
            var row = await ApiKeyMapper.FindByIdAsync(db, kid).ConfigureAwait(false);
            return await CallerOfAsync(db, row is { RevokedAt: null } ? row : null, scope).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The caller of an unrevoked key row (null: none) within the served application, under its creator's cap.</summary>
    private async Task<Caller?> CallerOfAsync(DbSession db, ApiKeyRow? row, ResourceScope scope)
    {
        if (row is null || row.Appid != scope.Appid)
        {
            return null;
        }
        string? username = null;
        if (row.Uid is { } uid)
        {
            var user = await UserMapper.FindByIdAsync(db, uid).ConfigureAwait(false);
            if (user is not { Active: true })
            {
                return null;
            }
            username = user.Username;
        }
        var role = row.Role ?? (registry.Applications.TryGetValue(row.Appid, out var app) ? app.Settings.ApiKeyRole : null);
        if (row.CreatedBy is { } creatorUid
            && !CreatorStillMayHandOut(Caller.OfUser(await UserRoleMapper.AccessOfAsync(db, creatorUid).ConfigureAwait(false),
                registry.Applications), role, scope))
        {
            return null;
        }
        IReadOnlyList<RoleGrant> roles = role is null ? [] : [new RoleGrant(role, scope.Accid, scope.Appid)];
        return new Caller(row.Uid, username, roles, row.Appid, row.Kid);
    }

    private static bool CreatorStillMayHandOut(Caller? creator, string? role, ResourceScope scope) =>
        creator is not null
        && creator.ManagesApplication(scope.Accid, scope.Appid)
        && (role is null || creator.MayHandOut(role, scope.Accid, scope.Appid));
}
