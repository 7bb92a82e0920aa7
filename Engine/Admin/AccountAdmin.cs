using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Accounts: only an Administrator creates, renames or deletes them; a caller sees the accounts they hold a role in.
/// The core account (the admin API itself) cannot be renamed or deleted, and an account whose applications hold
/// resources cannot be renamed (their documents name it).
/// </summary>
public sealed class AccountAdmin(Database database, ResourceRegistry registry, AdminAccess access, AccountValidator validator)
{

    /// <summary>Creates an account: <c>{accid, name}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, string? name, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (!AdminAccess.IsAdministrator(who))
        {
            throw AdminErrors.Forbidden("create accounts");
        }
        validator.Check(new AccountInput(name));
        var row = await database.WriteAsync("create the account", async db =>
        {
            await NameFreeAsync(db, name!, null).ConfigureAwait(false);
            return await AccountMapper.CreateAsync(db, name!).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Account(row);
    }

    /// <summary>One account (<paramref name="accid"/>), or every account the caller sees.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? accid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (accid is { } id)
        {
            return AdminShapes.Account(await VisibleAsync(who, id, cancellationToken).ConfigureAwait(false));
        }
        var rows = await database.ReadAsync(AccountMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return rows.Where(r => access.SeesAccount(who, r.Accid)).Select(r => (object?)AdminShapes.Account(r)).ToList();
    }

    /// <summary>Renames an account: <c>{accid, name}</c>.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long accid, string? name, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await ManagedAsync(who, accid, "rename accounts", cancellationToken).ConfigureAwait(false);
        validator.Check(new AccountInput(name));
        if (current.Name == name)
        {
            return AdminShapes.Account(current);
        }
        var row = await database.WriteAsync("rename the account", async db =>
        {
            await NameFreeAsync(db, name!, accid).ConfigureAwait(false);
            if (await ResourceMapper.CountByAccountAsync(db, accid).ConfigureAwait(false) is var count and > 0)
            {
                throw AdminErrors.Conflict(
                    $"Account '{current.Name}' cannot be renamed while its applications hold {count} resource(s) that name it: export and delete them first.");
            }
            await AccountMapper.RenameAsync(db, accid, name!).ConfigureAwait(false);
            await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, accid).ConfigureAwait(false);
            return (await AccountMapper.FindByIdAsync(db, accid).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return AdminShapes.Account(row);
    }

    /// <summary>Deletes an account with its applications and their resources.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long accid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        await ManagedAsync(who, accid, "delete accounts", cancellationToken).ConfigureAwait(false);
        await database.WriteAsync("delete the account", async db =>
        {
            await AccountMapper.DeleteAsync(db, accid).ConfigureAwait(false);
            await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, accid).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        await registry.ReloadApplicationsAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The account when the caller sees it; 404 otherwise.</summary>
    internal async Task<AccountRow> VisibleAsync(Caller who, long accid, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => AccountMapper.FindByIdAsync(db, accid), cancellationToken).ConfigureAwait(false);
        return row is not null && access.SeesAccount(who, accid) ? row : throw AdminErrors.NotFound("Account", accid);
    }

    /// <summary>An account an Administrator changes (never the core account); 404/403 for others.</summary>
    private async Task<AccountRow> ManagedAsync(Caller who, long accid, string action, CancellationToken cancellationToken)
    {
        var row = await VisibleAsync(who, accid, cancellationToken).ConfigureAwait(false);
        if (!AdminAccess.IsAdministrator(who))
        {
            throw AdminErrors.Forbidden(action);
        }
        if (row.Name == FirstStart.CoreAccount)
        {
            throw AdminErrors.Conflict($"Account '{FirstStart.CoreAccount}' holds the admin API: it cannot be renamed or deleted.");
        }
        return row;
    }

    private static async Task NameFreeAsync(DbSession db, string name, long? self)
    {
        if (await AccountMapper.FindByNameAsync(db, name).ConfigureAwait(false) is { } taken && taken.Accid != self)
        {
            throw AdminErrors.Conflict($"An account named '{name}' already exists.");
        }
    }
}
