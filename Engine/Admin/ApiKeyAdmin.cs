using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// API keys of applications through <see cref="ApiKeyService"/>: the application's manager (Application manager, its
/// account's Account manager, an Administrator) creates, lists and revokes them. A key is shown once, when created;
/// lists show its prefix only, never the key or its hash. A key's role must be one the caller could grant there, and
/// the key remembers its creator: it works only while they still could (<see cref="ApiKeyService.VerifyAsync"/>).
/// </summary>
public sealed class ApiKeyAdmin(Database database, ApiKeyService keys, AdminAccess access, ApplicationAdmin applications,
    ApiKeyValidator validator)
{

    /// <summary>Creates a key: <c>{kid, appid, name, prefix, role, created_at, revoked_at, key}</c> — the only time the key is shown.</summary>
    public async Task<Map> CreateAsync(Caller? caller, long? appid, string? name, string? role, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (who.Uid is null)
        {
            // A key made by a key-only caller would have no creator to cap it: only signed-in users make keys.
            throw AdminErrors.Forbidden("create API keys with an API key (sign in as a user)");
        }
        var known = (await database.ReadAsync(RoleMapper.AllAsync, cancellationToken).ConfigureAwait(false)).Select(r => r.Name).ToList();
        validator.Check(new ApiKeyInput(appid, name, role, known));
        var app = await ManagedAsync(who, appid!.Value, "create API keys for this application", cancellationToken).ConfigureAwait(false);
        if (role is not null && !access.MayGrant(who, role, app.Accid, app.Appid))
        {
            throw AdminErrors.Forbidden($"create API keys with the role '{role}'");
        }
        var created = await AdminWrites.GuardedAsync("create the API key",
            () => keys.CreateAsync(app.Appid, name!, role, null, who.Uid, cancellationToken)).ConfigureAwait(false);
        var shape = AdminShapes.ApiKey(created.Row);
        shape["key"] = created.Key;
        return shape;
    }

    /// <summary>The keys of an application (<paramref name="appid"/>), or of every application the caller manages; revoked ones too.</summary>
    public async Task<List<object?>> ReadAsync(Caller? caller, long? appid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        List<ApiKeyRow> rows;
        if (appid is { } id)
        {
            await ManagedAsync(who, id, "read the API keys of this application", cancellationToken).ConfigureAwait(false);
            rows = await database.ReadAsync(db => ApiKeyMapper.ByApplicationAsync(db, id), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rows = (await database.ReadAsync(ApiKeyMapper.AllAsync, cancellationToken).ConfigureAwait(false))
                .Where(k => access.AccountOf(null, k.Appid) is { } accid && AdminAccess.ManagesApplication(who, accid, k.Appid))
                .ToList();
        }
        return rows.Select(k => (object?)AdminShapes.ApiKey(k)).ToList();
    }

    /// <summary>Revokes a key: it stops opening its application at once. A revoked key is a 409.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long kid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var row = await database.ReadAsync(db => ApiKeyMapper.FindByIdAsync(db, kid), cancellationToken).ConfigureAwait(false);
        if (row is null || access.AccountOf(null, row.Appid) is not { } accid || !AdminAccess.SeesApplication(who, accid, row.Appid))
        {
            throw AdminErrors.NotFound("API key", kid);
        }
        if (!AdminAccess.ManagesApplication(who, accid, row.Appid))
        {
            throw AdminErrors.Forbidden("revoke API keys of this application");
        }
        var revoked = await AdminWrites.GuardedAsync("revoke the API key", () => keys.RevokeAsync(kid, cancellationToken)).ConfigureAwait(false);
        return revoked ? true : throw AdminErrors.Conflict($"API key {kid} is already revoked.");
    }

    /// <summary>The application when the caller manages it; 404 when they hold no role there, 403 when their role does not manage it.</summary>
    private async Task<ApplicationRow> ManagedAsync(Caller who, long appid, string action, CancellationToken cancellationToken)
    {
        var app = await applications.VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        return AdminAccess.ManagesApplication(who, app.Accid, appid) ? app : throw AdminErrors.Forbidden(action);
    }
}
