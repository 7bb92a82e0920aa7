using System.CommandLine;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.AspNetCore.Identity;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>user:create --username U --password P [--email E] [--role R [--account A [--application B]]]</c>: creates a user
/// in the configured database, optionally granting one role everywhere, on an account, or on one application.
/// </summary>
public static class UserCreateCommand
{
    /// <summary>Fewest characters of a password.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var username = new Option<string>("--username") { Description = "The user name (unique).", Required = true };
        var password = new Option<string>("--password") { Description = $"The password ({MinPasswordLength} characters or more).", Required = true };
        var email = new Option<string>("--email") { Description = "The e-mail address." };
        var role = new Option<string>("--role") { Description = "A role to grant: Administrator, Account manager, Application manager, Developer or Consumer." };
        var account = new Option<string>("--account") { Description = "Limit the role to this account." };
        var application = new Option<string>("--application") { Description = "Limit the role to this application of the account." };
        var command = new Command("user:create", "Create a user, optionally with a role.") { username, password, email, role, account, application };
        context.SetAction(command, (parsed, cancellationToken) => RunAsync(context,
            new Request(parsed.GetValue(username)!, parsed.GetValue(password)!, parsed.GetValue(email), parsed.GetValue(role),
                parsed.GetValue(account), parsed.GetValue(application)), cancellationToken));
        return command;
    }

    private sealed record Request(string Username, string Password, string? Email, string? Role, string? Account, string? Application);

    private static async Task<int> RunAsync(CliContext context, Request request, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Username))
        {
            problems.Add("--username must not be empty.");
        }
        if (request.Password.Length < MinPasswordLength)
        {
            problems.Add($"--password must have at least {MinPasswordLength} characters.");
        }
        if (request.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            problems.Add($"--email '{email}' is not an e-mail address.");
        }
        if (request.Role is null && (request.Account is not null || request.Application is not null))
        {
            problems.Add("--account and --application limit a role: give --role too.");
        }
        if (request.Application is not null && request.Account is null)
        {
            problems.Add("--application needs --account.");
        }
        if (problems.Count > 0)
        {
            throw new CliException(string.Join(" ", problems));
        }

        await using var app = await context.OpenDatabaseAsync(true, cancellationToken);
        var passwords = app.Services.GetRequiredService<IPasswordHasher<UserRow>>();
        var (user, grant) = await app.Services.GetRequiredService<Database>().InTransactionAsync(async db =>
        {
            if (await UserMapper.FindByUsernameAsync(db, request.Username) is not null)
            {
                throw new CliException($"User '{request.Username}' already exists.");
            }
            var scope = await ScopeAsync(db, request);
            var created = await UserMapper.CreateAsync(db, request.Username, request.Email, "pending");
            await UserMapper.SetPasswordHashAsync(db, created.Uid, passwords.HashPassword(created, request.Password));
            if (scope.Role is not { } role)
            {
                return (created, (string?)null);
            }
            await UserRoleMapper.CreateAsync(db, created.Uid, role.Rid, scope.Accid, scope.Appid);
            var where = request.Application is not null ? $"{request.Account}/{request.Application}"
                : request.Account is not null ? $"account {request.Account}" : "every account";
            return (created, $"{role.Name} on {where}");
        }, cancellationToken);
        await context.Output.WriteLineAsync(grant is null
            ? $"Created user '{user.Username}' (uid {user.Uid})."
            : $"Created user '{user.Username}' (uid {user.Uid}) with the role {grant}.");
        return 0;
    }

    /// <summary>The role and the account/application it is limited to, looked up by name.</summary>
    private static async Task<(RoleRow? Role, long? Accid, long? Appid)> ScopeAsync(DbSession db, Request request)
    {
        if (request.Role is null)
        {
            return (null, null, null);
        }
        var roles = await RoleMapper.AllAsync(db);
        var role = roles.FirstOrDefault(r => string.Equals(r.Name, request.Role, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException($"Role '{request.Role}' does not exist (roles: {string.Join(", ", roles.Select(r => r.Name))}).");
        if (request.Account is null)
        {
            return (role, null, null);
        }
        var account = await AccountMapper.FindByNameAsync(db, request.Account)
            ?? throw new CliException($"Account '{request.Account}' does not exist.");
        if (request.Application is null)
        {
            return (role, account.Accid, null);
        }
        var application = await ApplicationMapper.FindByNameAsync(db, request.Account, request.Application)
            ?? throw new CliException($"Application '{request.Application}' does not exist in account '{request.Account}'.");
        return (role, account.Accid, application.Appid);
    }
}
