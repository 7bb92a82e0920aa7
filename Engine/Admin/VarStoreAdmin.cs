using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Var store variables of any application or account the caller may reach (the <c>var_store_*</c> processors reach
/// only the served application's), under the rules of <see cref="VarStoreAccess"/>: any role there reads, Developer or
/// above changes an application's variables, Account manager or above an account's. A caller holding no role where a
/// variable lives gets 404, one whose role does not allow the action 403.
/// </summary>
public sealed class VarStoreAdmin(Database database, AdminAccess access, ApplicationAdmin applications, AccountAdmin accounts,
    VarStoreCreateValidator createRules, VarStoreUpdateValidator updateRules, VarStoreQueryValidator queryRules)
{

    /// <summary>Creates a variable of an application or an account: <c>{vid, accid, appid, key, val, updated_at}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, VarStoreInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        createRules.Check(input);
        var (accid, owner) = input.Appid is { } appid
            ? await ApplicationOwnerAsync(who, appid, cancellationToken).ConfigureAwait(false)
            : await AccountOwnerAsync(who, input.Accid!.Value, cancellationToken).ConfigureAwait(false);
        if (!VarStoreAccess.Allows(who, write: true, accid, input.Appid))
        {
            throw AdminErrors.Forbidden($"change variables of {owner}");
        }
        var key = input.Key!;
        var row = await database.WriteAsync("create the variable", async db =>
        {
            if (await VarStoreMapper.FindAsync(db, input.Accid, input.Appid, key).ConfigureAwait(false) is not null)
            {
                throw AdminErrors.Conflict($"Variable ({key}) already exists in {owner}.");
            }
            return await VarStoreMapper.CreateAsync(db, input.Accid, input.Appid, key, input.Val ?? "null").ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Variable(row);
    }

    /// <summary>One variable (<paramref name="vid"/>), or every variable the caller may read, filtered.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? vid, VarStoreQuery query, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (vid is { } id)
        {
            return AdminShapes.Variable(await ReadableAsync(who, id, cancellationToken).ConfigureAwait(false));
        }
        queryRules.Check(query);
        if (query.Appid is { } appid)
        {
            var (accid, owner) = await ApplicationOwnerAsync(who, appid, cancellationToken).ConfigureAwait(false);
            if (!VarStoreAccess.Allows(who, write: false, accid, appid))
            {
                throw AdminErrors.Forbidden($"read variables of {owner}");
            }
        }
        if (query.Accid is { } account)
        {
            await accounts.VisibleAsync(who, account, cancellationToken).ConfigureAwait(false);
        }
        var rows = await database.ReadAsync(VarStoreMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return rows.Where(r => (query.Appid is null || r.Appid == query.Appid)
                && (query.Accid is null || access.AccountOf(r.Accid, r.Appid) == query.Accid)
                && (query.Key is null || r.Key == query.Key)
                && (query.Keyword is null || r.Key.Contains(query.Keyword, StringComparison.Ordinal))
                && MayRead(who, r))
            .Select(r => (object?)AdminShapes.Variable(r)).ToList();
    }

    /// <summary>Replaces a variable's value: <c>{vid, accid, appid, key, val, updated_at}</c>.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long vid, VarStoreInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, vid, "change", cancellationToken).ConfigureAwait(false);
        updateRules.Check(input);
        var row = await database.WriteAsync("change the variable", async db =>
            await VarStoreMapper.UpdateAsync(db, vid, input.Val!).ConfigureAwait(false)
                ? (await VarStoreMapper.FindByIdAsync(db, vid).ConfigureAwait(false))!
                : throw AdminErrors.NotFound("Variable", vid), cancellationToken).ConfigureAwait(false);
        return AdminShapes.Variable(row);
    }

    /// <summary>Deletes a variable.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long vid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await WritableAsync(who, vid, "delete", cancellationToken).ConfigureAwait(false);
        return await database.WriteAsync("delete the variable", async db =>
            await VarStoreMapper.DeleteAsync(db, vid).ConfigureAwait(false) ? true : throw AdminErrors.NotFound("Variable", vid),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variable when the caller may read it; 404 when it does not exist or the caller holds no role there, 403 for a role that does not read.</summary>
    private async Task<VarStoreRow> ReadableAsync(Caller who, long vid, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => VarStoreMapper.FindByIdAsync(db, vid), cancellationToken).ConfigureAwait(false);
        if (row is null || access.AccountOf(row.Accid, row.Appid) is not { } accid)
        {
            throw AdminErrors.NotFound("Variable", vid);
        }
        return MayRead(who, row) ? row : throw access.Denied(who, accid, row.Appid, "Variable", vid, "read this variable");
    }

    /// <summary>The variable when the caller may change it (<paramref name="action"/>: change or delete); 404/403 otherwise.</summary>
    private async Task<VarStoreRow> WritableAsync(Caller who, long vid, string action, CancellationToken cancellationToken)
    {
        var row = await ReadableAsync(who, vid, cancellationToken).ConfigureAwait(false);
        var accid = access.AccountOf(row.Accid, row.Appid)!.Value;
        return VarStoreAccess.Allows(who, write: true, accid, row.Appid)
            ? row
            : throw AdminErrors.Forbidden($"{action} variables of this {(row.Appid is null ? "account" : "application")}");
    }

    private bool MayRead(Caller who, VarStoreRow row) =>
        AdminAccess.IsAdministrator(who)
        || (access.AccountOf(row.Accid, row.Appid) is { } accid && VarStoreAccess.Allows(who, write: false, accid, row.Appid));

    private async Task<(long Accid, string Owner)> ApplicationOwnerAsync(Caller who, long appid, CancellationToken cancellationToken)
    {
        var app = await applications.VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        return (app.Accid, $"application {app.AccountName}/{app.Name}");
    }

    private async Task<(long Accid, string Owner)> AccountOwnerAsync(Caller who, long accid, CancellationToken cancellationToken)
    {
        var account = await accounts.VisibleAsync(who, accid, cancellationToken).ConfigureAwait(false);
        return (accid, $"account {account.Name}");
    }
}
