using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Identity;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Users: an Administrator or an Account manager creates them; everyone sees and edits themselves (not their own
/// active flag); an Account manager sees the users holding roles in its account and edits or deletes those whose
/// every role lies in accounts it manages. Passwords are hashed with the host's <see cref="IPasswordHasher{TUser}"/>;
/// the hash is never returned. The last Administrator cannot be deleted.
/// </summary>
public sealed class UserAdmin(Database database, AdminAccess access, IPasswordHasher<UserRow> passwords,
    UserCreateValidator createRules, UserUpdateValidator updateRules)
{

    /// <summary>Creates a user: <c>{uid, username, email, active}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, UserInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (!AdminAccess.ManagesAnyAccount(who))
        {
            throw AdminErrors.Forbidden("create users");
        }
        createRules.Check(input);
        var hash = passwords.HashPassword(new UserRow { Username = input.Username! }, input.Password!);
        var row = await database.WriteAsync("create the user", async db =>
        {
            await IdentityFreeAsync(db, input, null).ConfigureAwait(false);
            return await UserMapper.CreateAsync(db, input.Username!, input.Email, hash, input.Active ?? true).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.User(row);
    }

    /// <summary>One user (<paramref name="uid"/>), or every user the caller sees.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? uid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (uid is { } id)
        {
            return AdminShapes.User((await VisibleAsync(who, id, cancellationToken).ConfigureAwait(false)).User);
        }
        var (users, grants) = await database.ReadAsync(async db =>
            (await UserMapper.AllAsync(db).ConfigureAwait(false), await UserRoleMapper.AllAsync(db).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        var byUser = grants.ToLookup(g => g.Uid);
        return users.Where(u => access.SeesUser(who, u.Uid, byUser[u.Uid].ToList()))
            .Select(u => (object?)AdminShapes.User(u)).ToList();
    }

    /// <summary>Changes what is given of user name, e-mail, password and active flag: <c>{uid, username, email, active}</c>.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long uid, UserInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var (current, grants) = await VisibleAsync(who, uid, cancellationToken).ConfigureAwait(false);
        var self = who.Uid == uid;
        if (!self && !access.ControlsUser(who, grants))
        {
            throw AdminErrors.Forbidden("change this user");
        }
        if (self && input.Active is { } active && active != current.Active && !AdminAccess.IsAdministrator(who))
        {
            throw AdminErrors.Forbidden("change your own active flag");
        }
        // The password must not contain the user name the user will have after the change.
        updateRules.Check(input with { Username = input.Username ?? current.Username });
        var row = await database.WriteAsync("change the user", async db =>
        {
            await IdentityFreeAsync(db, input, uid).ConfigureAwait(false);
            var email = input.Email ?? current.Email;
            await UserMapper.UpdateAsync(db, uid, input.Username ?? current.Username, email, input.Active ?? current.Active).ConfigureAwait(false);
            if (input.Password is { } password)
            {
                await UserMapper.SetPasswordHashAsync(db, uid, passwords.HashPassword(current, password)).ConfigureAwait(false);
            }
            return (await UserMapper.FindByIdAsync(db, uid).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return AdminShapes.User(row);
    }

    /// <summary>Deletes a user (never yourself, never the last Administrator).</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long uid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var (_, grants) = await VisibleAsync(who, uid, cancellationToken).ConfigureAwait(false);
        if (who.Uid == uid)
        {
            throw AdminErrors.Conflict("You cannot delete your own user.");
        }
        if (!access.ControlsUser(who, grants))
        {
            throw AdminErrors.Forbidden("delete this user");
        }
        await database.WriteAsync("delete the user", async db =>
        {
            await UserRoleAdmin.KeepAnAdministratorAsync(db, uid, null).ConfigureAwait(false);
            return await UserMapper.DeleteAsync(db, uid).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The user and their grants when the caller sees them; 404 otherwise.</summary>
    internal async Task<(UserRow User, List<UserRoleRow> Grants)> VisibleAsync(Caller who, long uid, CancellationToken cancellationToken)
    {
        var (user, grants) = await database.ReadAsync(async db =>
            (await UserMapper.FindByIdAsync(db, uid).ConfigureAwait(false), await UserRoleMapper.ForUserAsync(db, uid).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return user is not null && access.SeesUser(who, uid, grants) ? (user, grants) : throw AdminErrors.NotFound("User", uid);
    }

    private static async Task IdentityFreeAsync(DbSession db, UserInput input, long? self)
    {
        if (input.Username is { } username && await UserMapper.FindByUsernameAsync(db, username).ConfigureAwait(false) is { } byName
            && byName.Uid != self)
        {
            throw AdminErrors.Conflict($"A user named '{username}' already exists.");
        }
        if (!string.IsNullOrEmpty(input.Email) && await UserMapper.FindByEmailAsync(db, input.Email).ConfigureAwait(false) is { } byEmail
            && byEmail.Uid != self)
        {
            throw AdminErrors.Conflict($"Another user already has the e-mail address '{input.Email}'.");
        }
    }
}
