using ApiStudio.Engine.Security;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using ApiStudio.Engine.Scripting;
using FluentValidation;

namespace ApiStudio.Engine.Admin;

/// <summary>An account as the admin API receives it.</summary>
/// <param name="Name">Account name (a path segment of every published resource).</param>
public sealed record AccountInput(string? Name);

/// <summary>An application as the admin API receives it (create: accid and name required; update: all optional).</summary>
/// <param name="Accid">Owning account.</param>
/// <param name="Name">Application name (a path segment of every published resource).</param>
/// <param name="Wrap">Wrap responses in the envelope.</param>
/// <param name="CorsOrigins">Origins allowed by CORS.</param>
public sealed record ApplicationInput(long? Accid, string? Name, bool? Wrap = null, IReadOnlyList<string>? CorsOrigins = null);

/// <summary>A user as the admin API receives it (create: username and password required; update: all optional).</summary>
/// <param name="Username">User name.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Password">Password in clear (hashed before storing, never stored or returned).</param>
/// <param name="Active">False when the user may not sign in.</param>
public sealed record UserInput(string? Username, string? Email, string? Password, bool? Active);

/// <summary>A role as the admin API receives it.</summary>
/// <param name="Name">Role name.</param>
public sealed record RoleInput(string? Name);

/// <summary>A role grant as the admin API receives it.</summary>
/// <param name="Uid">User.</param>
/// <param name="Rid">Role.</param>
/// <param name="Role">The role's name, once <paramref name="Rid"/> is known (decides which scope it needs).</param>
/// <param name="Accid">Account the grant is limited to.</param>
/// <param name="Appid">Application the grant is limited to.</param>
public sealed record UserRoleInput(long? Uid, long? Rid, string? Role, long? Accid, long? Appid);

/// <summary>The filters of a resource list.</summary>
/// <param name="Appid">Application.</param>
/// <param name="Method">Method.</param>
/// <param name="Uri">Uri.</param>
public sealed record ResourceQuery(long? Appid, string? Method, string? Uri);

/// <summary>A var store variable as the admin API receives it (create: a scope and a key; update: the value).</summary>
/// <param name="Appid">Application the variable belongs to.</param>
/// <param name="Accid">Account the variable belongs to (shared by its applications).</param>
/// <param name="Key">Key, unique within its scope.</param>
/// <param name="Val">The value as JSON text, or null when none was given.</param>
public sealed record VarStoreInput(long? Appid, long? Accid, string? Key, string? Val);

/// <summary>The filters of a var store list.</summary>
/// <param name="Appid">Only the variables of this application.</param>
/// <param name="Accid">Only the variables of this account and of its applications.</param>
/// <param name="Key">Only variables with this key.</param>
/// <param name="Keyword">Only variables whose key contains this text.</param>
public sealed record VarStoreQuery(long? Appid, long? Accid, string? Key, string? Keyword);

/// <summary>A new API key as the admin API receives it.</summary>
/// <param name="Appid">Application the key opens.</param>
/// <param name="Name">A label.</param>
/// <param name="Role">Role of key-only callers, or null for the application's <c>api_key_role</c>.</param>
/// <param name="KnownRoles">The roles that exist: the key's role must be one of them.</param>
public sealed record ApiKeyInput(long? Appid, string? Name, string? Role, IReadOnlyCollection<string> KnownRoles);

/// <summary>An event script as the admin API receives it; on update the stored values fill what is not given.</summary>
/// <param name="Appid">Application the script belongs to.</param>
/// <param name="Name">Event name: <c>{application}.{uri segments}.{method}.{phase}</c>.</param>
/// <param name="Engine">javascript (default), csharp, nodejs or python.</param>
/// <param name="Content">Source text.</param>
/// <param name="IsActive">Runs when true (default).</param>
/// <param name="AllowEventModification">Its changes to the event take effect when true (default false).</param>
/// <param name="Queue">Queue of a queued script.</param>
/// <param name="Delay">Seconds a queued script waits.</param>
/// <param name="Tries">Attempts of a queued script.</param>
/// <param name="Timeout">Seconds a queued script may run.</param>
public sealed record ScriptInput(long? Appid, string? Name, string? Engine, string? Content, bool? IsActive = null,
    bool? AllowEventModification = null, string? Queue = null, long? Delay = null, long? Tries = null, long? Timeout = null)
{
    /// <summary>The application's name, once known: the first segment of the event name.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The engines this server allows.</summary>
    public IReadOnlyCollection<string> AllowedEngines { get; init; } = [];
}

/// <summary>
/// Base of the admin input validators (FluentValidation): every property is checked and every problem reported at
/// once; within one property the first problem is enough. <see cref="Check"/> throws the 400 listing them.
/// </summary>
public abstract class AdminValidator<T> : AbstractValidator<T>
{
    /// <summary>Reports every property's problems; stops at the first problem of each rule.</summary>
    protected AdminValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Continue;
        RuleLevelCascadeMode = CascadeMode.Stop;
    }

    /// <summary>Validates <paramref name="input"/>; throws HTTP 400 (code 6) listing every problem.</summary>
    public void Check(T input)
    {
        var result = Validate(input);
        if (!result.IsValid)
        {
            throw AdminErrors.Invalid(result.Errors.Select(e => e.ErrorMessage).ToList());
        }
    }

    /// <summary>
    /// A name that becomes a URL path segment (accounts, applications): 1 to 64 letters, digits, '_', '-' or '.',
    /// starting with a letter or digit.
    /// </summary>
    protected void SegmentName(Expression<Func<T, string?>> property, string key, bool required) =>
        Text(property, key, required, 64, AdminPatterns.Segment(),
            $"'{key}' may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.");

    /// <summary>A required or optional id.</summary>
    protected void Id(Expression<Func<T, long?>> property, string key, bool required)
    {
        var rule = RuleFor(property);
        if (required)
        {
            rule.NotNull().WithMessage($"'{key}' is required.");
        }
        rule.Must(id => id is null or > 0).WithMessage($"'{key}' must be a positive id.");
    }

    /// <summary>Text: required (or only checked when given), not blank, at most <paramref name="max"/> characters, matching a pattern.</summary>
    protected void Text(Expression<Func<T, string?>> property, string key, bool required, int max, Regex? pattern = null, string? patternMessage = null)
    {
        var rule = RuleFor(property)
            .Must(v => !required || v is not null).WithMessage($"'{key}' is required.")
            .Must(v => v is null || v.Trim().Length > 0).WithMessage($"'{key}' must not be empty.")
            .Must(v => v is null || v.Length <= max).WithMessage($"'{key}' must be at most {max} characters long.");
        if (pattern is not null)
        {
            rule.Must(v => v is null || pattern.IsMatch(v)).WithMessage(patternMessage);
        }
    }
}

/// <summary>The patterns of admin input, compiled once at build time.</summary>
internal static partial class AdminPatterns
{
    /// <summary>Account and application names.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    public static partial Regex Segment();

    /// <summary>A CORS origin: scheme, host and optional port.</summary>
    [GeneratedRegex(@"^https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$")]
    public static partial Regex Origin();

    /// <summary>User names.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@-]{2,}$")]
    public static partial Regex Username();

    /// <summary>E-mail addresses (the shape only; delivery proves the rest).</summary>
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public static partial Regex Email();

    /// <summary>
    /// What follows the application in an event name: uri segments (literal, <c>{name}</c> or <c>*</c>), the method
    /// (or <c>*</c>) and the phase.
    /// </summary>
    [GeneratedRegex(@"^(\.([A-Za-z0-9_-]+|\{[A-Za-z0-9_]+\}|\*))+\.(get|post|put|patch|delete|\*)\.(pre_process|post_process|queued)$")]
    public static partial Regex EventTail();

    /// <summary>Role names.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9 _-]*[A-Za-z0-9]$")]
    public static partial Regex RoleName();
}

/// <summary>Account input: the name.</summary>
public sealed class AccountValidator : AdminValidator<AccountInput>
{
    /// <summary>The rules.</summary>
    public AccountValidator() => SegmentName(a => a.Name, "name", required: true);
}

/// <summary>Application input: account, name and settings (create requires account and name).</summary>
public abstract class ApplicationValidator : AdminValidator<ApplicationInput>
{
    /// <summary>The rules for creating (<paramref name="creating"/>) or updating.</summary>
    protected ApplicationValidator(bool creating)
    {
        Id(a => a.Accid, "accid", creating);
        SegmentName(a => a.Name, "name", creating);
        RuleForEach(a => a.CorsOrigins)
            .Cascade(CascadeMode.Continue)
            .Must(o => o == "*" || AdminPatterns.Origin().IsMatch(o))
            .WithMessage((_, o) => $"'cors_origins' item '{o}' is neither '*' nor an origin such as https://example.com or http://localhost:3000.");
    }
}

/// <summary>A new application: account and name required.</summary>
public sealed class ApplicationCreateValidator() : ApplicationValidator(creating: true);

/// <summary>A changed application: only what is given is checked.</summary>
public sealed class ApplicationUpdateValidator() : ApplicationValidator(creating: false);

/// <summary>
/// User input: user name, e-mail and password strength (at least 10 characters with a lower-case letter, an
/// upper-case letter and a digit, not containing the user name); every weakness of a password is listed.
/// </summary>
public abstract class UserValidator : AdminValidator<UserInput>
{
    /// <summary>The shortest accepted password.</summary>
    public const int MinimumPasswordLength = 10;

    /// <summary>The rules for creating (<paramref name="creating"/>: user name and password required) or updating.</summary>
    protected UserValidator(bool creating)
    {
        Text(u => u.Username, "username", creating, 64, AdminPatterns.Username(),
            "'username' must be at least 3 characters: letters, digits, '_', '-', '.' or '@', starting with a letter or digit.");
        Text(u => u.Email, "email", required: false, 254, AdminPatterns.Email(), "'email' must be an e-mail address such as ada@example.com.");
        RuleFor(u => u.Password).Must(p => !creating || p is not null).WithMessage("'password' is required.");
        RuleFor(u => u.Password)
            .Cascade(CascadeMode.Continue)
            .Must(p => p is null || p.Length >= MinimumPasswordLength)
            .WithMessage($"'password' must be at least {MinimumPasswordLength} characters long.")
            .Must(p => p is null || p.Length <= 128).WithMessage("'password' must be at most 128 characters long.")
            .Must(p => p is null || p.Any(char.IsLower)).WithMessage("'password' must contain a lower-case letter.")
            .Must(p => p is null || p.Any(char.IsUpper)).WithMessage("'password' must contain an upper-case letter.")
            .Must(p => p is null || p.Any(char.IsDigit)).WithMessage("'password' must contain a digit.")
            .Must((u, p) => p is null || string.IsNullOrEmpty(u.Username) || !p.Contains(u.Username, StringComparison.OrdinalIgnoreCase))
            .WithMessage("'password' must not contain the user name.");
    }
}

/// <summary>A new user: user name and password required.</summary>
public sealed class UserCreateValidator() : UserValidator(creating: true);

/// <summary>A changed user: only what is given is checked.</summary>
public sealed class UserUpdateValidator() : UserValidator(creating: false);

/// <summary>Role input: the name.</summary>
public sealed class RoleValidator : AdminValidator<RoleInput>
{
    /// <summary>The rules.</summary>
    public RoleValidator() =>
        Text(r => r.Name, "name", required: true, 64, AdminPatterns.RoleName(),
            "'name' must be at least 2 characters: letters, digits, spaces, '_' or '-', starting with a letter.");
}

/// <summary>
/// Role grant input: user, role, and the scope the role needs — Administrator everywhere (no account or
/// application), Account manager an account, every other role an application (or an account, for all of its
/// applications).
/// </summary>
public sealed class UserRoleValidator : AdminValidator<UserRoleInput>
{
    /// <summary>The rules.</summary>
    public UserRoleValidator()
    {
        Id(r => r.Uid, "uid", required: true);
        Id(r => r.Rid, "rid", required: true);
        Id(r => r.Accid, "accid", required: false);
        Id(r => r.Appid, "appid", required: false);
        RuleFor(r => r)
            .Must(r => r.Accid is null && r.Appid is null)
            .When(r => r.Role == Roles.Administrator)
            .WithMessage("'Administrator' is granted everywhere: leave 'accid' and 'appid' empty.");
        RuleFor(r => r.Accid)
            .NotNull()
            .When(r => r.Role == Roles.AccountManager)
            .WithMessage("'Account manager' is granted for an account: give 'accid'.");
        RuleFor(r => r.Appid)
            .Null()
            .When(r => r.Role == Roles.AccountManager)
            .WithMessage("'Account manager' is granted for a whole account: leave 'appid' empty.");
        RuleFor(r => r)
            .Must(r => r.Accid is not null || r.Appid is not null)
            .When(r => r.Role is not null && r.Role != Roles.Administrator && r.Role != Roles.AccountManager)
            .WithMessage(r => $"'{r.Role}' is granted for an application: give 'appid' (or 'accid' for every application of an account).");
    }
}

/// <summary>Resource list filters: a known method.</summary>
public sealed class ResourceQueryValidator : AdminValidator<ResourceQuery>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>The rules.</summary>
    public ResourceQueryValidator()
    {
        Id(q => q.Appid, "appid", required: false);
        RuleFor(q => q.Method)
            .Must(m => m is null || Methods.Contains(m.ToLowerInvariant()))
            .WithMessage(q => $"'method' must be one of {string.Join(", ", Methods)}; got '{q.Method}'.");
        Text(q => q.Uri, "uri", required: false, 1024);
    }
}

/// <summary>
/// Var store input: a new variable needs exactly one scope (an application or an account) and a key; a change needs
/// the value.
/// </summary>
public abstract class VarStoreValidator : AdminValidator<VarStoreInput>
{
    /// <summary>The longest key the admin API creates.</summary>
    public const int MaximumKeyLength = 255;

    /// <summary>The rules for creating (<paramref name="creating"/>) or changing a variable.</summary>
    protected VarStoreValidator(bool creating)
    {
        if (!creating)
        {
            RuleFor(v => v.Val).NotNull().WithMessage("'val' is required.");
            return;
        }
        Id(v => v.Appid, "appid", required: false);
        Id(v => v.Accid, "accid", required: false);
        RuleFor(v => v)
            .Must(v => v.Appid is not null || v.Accid is not null)
            .WithMessage("'appid' or 'accid' is required: the application or the account the variable belongs to.")
            .Must(v => v.Appid is null || v.Accid is null)
            .WithMessage("Give 'appid' or 'accid', not both: a variable belongs to an application or to an account.");
        Text(v => v.Key, "key", required: true, MaximumKeyLength);
    }
}

/// <summary>A new variable: scope and key required.</summary>
public sealed class VarStoreCreateValidator() : VarStoreValidator(creating: true);

/// <summary>A changed variable: the value required.</summary>
public sealed class VarStoreUpdateValidator() : VarStoreValidator(creating: false);

/// <summary>Var store list filters.</summary>
public sealed class VarStoreQueryValidator : AdminValidator<VarStoreQuery>
{
    /// <summary>The rules.</summary>
    public VarStoreQueryValidator()
    {
        Id(q => q.Appid, "appid", required: false);
        Id(q => q.Accid, "accid", required: false);
        Text(q => q.Key, "key", required: false, VarStoreValidator.MaximumKeyLength);
        Text(q => q.Keyword, "keyword", required: false, VarStoreValidator.MaximumKeyLength);
    }
}

/// <summary>API key input: the application, a label and, optionally, an existing role.</summary>
public sealed class ApiKeyValidator : AdminValidator<ApiKeyInput>
{
    /// <summary>The rules.</summary>
    public ApiKeyValidator()
    {
        Id(k => k.Appid, "appid", required: true);
        Text(k => k.Name, "name", required: true, 100);
        RuleFor(k => k.Role)
            .Must((k, role) => role is null || k.KnownRoles.Contains(role))
            .WithMessage(k => $"'role' must be one of the roles {string.Join(", ", k.KnownRoles)}; got '{k.Role}'.");
    }
}

/// <summary>
/// Script input: the application, an event name of that application, an engine this server allows, content, and
/// sensible queue settings. Whether the content parses or compiles is the engine's to say (asynchronously):
/// <see cref="ScriptAdmin"/> asks it once these rules hold for the engine and lists its answer with theirs.
/// </summary>
public sealed class ScriptValidator : AdminValidator<ScriptInput>
{
    /// <summary>The rules.</summary>
    public ScriptValidator()
    {
        Id(s => s.Appid, "appid", required: true);
        Text(s => s.Name, "name", required: true, 255);
        RuleFor(s => s.Name)
            .Must((s, name) => name is null || s.ApplicationName is null || (name.StartsWith(s.ApplicationName + ".", StringComparison.Ordinal)
                && AdminPatterns.EventTail().IsMatch(name[s.ApplicationName.Length..])))
            .WithMessage(s => $"'name' must be an event name such as {s.ApplicationName}.orders.{{id}}.get.pre_process: the application, " +
                "the uri segments ('{name}' or '*' allowed), the method (or '*') and pre_process, post_process or queued.");
        RuleFor(s => s.Engine)
            .Must(e => e is null || ScriptEngines.All.Contains(e))
            .WithMessage(s => $"'engine' must be one of {string.Join(", ", ScriptEngines.All)}; got '{s.Engine}'.")
            .Must((s, e) => e is null || s.AllowedEngines.Contains(e))
            .WithMessage(s => SwitchedOff(s.Engine!, s.AllowedEngines));
        RuleFor(s => s.Content)
            .Must(c => c is not null).WithMessage("'content' is required.")
            .Must(c => c is null || c.Length <= MaximumContentLength).WithMessage("'content' must be at most 1 MiB.");
        Text(s => s.Queue, "queue", required: false, 64, AdminPatterns.Segment(),
            "'queue' may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.");
        RuleFor(s => s.Delay).Must(d => d is null or >= 0).WithMessage("'delay' must be 0 or more seconds.");
        RuleFor(s => s.Tries).Must(t => t is null or >= 1).WithMessage("'tries' must be at least 1.");
        RuleFor(s => s.Timeout).Must(t => t is null or >= 1).WithMessage("'timeout' must be at least 1 second.");
    }

    /// <summary>The longest script text accepted (1 MiB).</summary>
    public const int MaximumContentLength = 1024 * 1024;

    /// <summary>The engine's name as people write it: JavaScript, C#, Node.js, Python.</summary>
    public static string Label(string engine) => engine switch
    {
        ScriptEngines.JavaScript => "JavaScript",
        ScriptEngines.CSharp => "C#",
        ScriptEngines.NodeJs => "Node.js",
        ScriptEngines.Python => "Python",
        _ => engine,
    };

    /// <summary>Why a known engine may not be used here, with the setting that switches it on.</summary>
    private static string SwitchedOff(string engine, IReadOnlyCollection<string> allowed)
    {
        var setting = engine switch
        {
            ScriptEngines.CSharp => "ApiStudio:Scripting:CSharpEnabled",
            ScriptEngines.NodeJs => "ApiStudio:Scripting:NodeJsEnabled",
            ScriptEngines.Python => "ApiStudio:Scripting:PythonEnabled",
            _ => null,
        };
        var available = allowed.Count == 0 ? "none" : string.Join(", ", allowed);
        return setting is null
            ? $"'engine' {engine} is not available on this server (available: {available})."
            : $"'engine' {engine} is switched off on this server: {Label(engine)} scripts are trusted code the operator " +
              $"allows with {setting} (available: {available}).";
    }
}
