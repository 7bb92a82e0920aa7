using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// What the admin API returns for each kind of row (plain maps, snake_case keys as ApiOpenStudio). Secrets never
/// appear: a user's password hash and an API key's hash are not part of their shapes.
/// </summary>
public static class AdminShapes
{
    /// <summary><c>{accid, name}</c>.</summary>
    public static Map Account(AccountRow row) => new() { ["accid"] = row.Accid, ["name"] = row.Name };

    /// <summary><c>{appid, accid, name, settings}</c>; settings as stored, with <c>wrap</c> and <c>cors_origins</c> always present.</summary>
    public static Map Application(ApplicationRow row) => new()
    {
        ["appid"] = row.Appid,
        ["accid"] = row.Accid,
        ["name"] = row.Name,
        ["settings"] = Settings(row.Settings),
    };

    /// <summary><c>{uid, username, email, active}</c> — never the password hash.</summary>
    public static Map User(UserRow row) => new()
    {
        ["uid"] = row.Uid,
        ["username"] = row.Username,
        ["email"] = row.Email,
        ["active"] = row.Active,
    };

    /// <summary><c>{rid, name}</c>.</summary>
    public static Map Role(RoleRow row) => new() { ["rid"] = row.Rid, ["name"] = row.Name };

    /// <summary><c>{urid, uid, rid, role, accid, appid}</c>.</summary>
    public static Map UserRole(UserRoleRow row) => new()
    {
        ["urid"] = row.Urid,
        ["uid"] = row.Uid,
        ["rid"] = row.Rid,
        ["role"] = row.RoleName,
        ["accid"] = row.Accid,
        ["appid"] = row.Appid,
    };

    /// <summary>A resource's identity and header values, and its document when <paramref name="withDocument"/>.</summary>
    public static Map Resource(ResourceRow row, bool withDocument = false)
    {
        var map = new Map
        {
            ["resid"] = row.Resid,
            ["appid"] = row.Appid,
            ["account"] = row.AccountName,
            ["application"] = row.ApplicationName,
            ["name"] = row.Name,
            ["description"] = row.Description,
            ["method"] = row.Method,
            ["uri"] = row.Uri,
            ["ttl"] = row.Ttl,
            ["format"] = row.Format,
            ["version"] = row.Version,
            ["created_at"] = row.CreatedAt,
            ["updated_at"] = row.UpdatedAt,
            ["updated_by"] = row.UpdatedBy,
            ["updated_by_name"] = row.UpdatedByName,
            ["status"] = row.Status,
        };
        if (withDocument)
        {
            map["document"] = row.Document;
        }
        return map;
    }

    /// <summary>The draft of a resource, with its document when <paramref name="withDocument"/>.</summary>
    public static Map ResourceDraft(ResourceDraftRow row, bool withDocument = false)
    {
        var map = new Map
        {
            ["resid"] = row.Resid,
            ["revision"] = row.Revision,
            ["format"] = row.Format,
            ["load_error"] = row.LoadError,
            ["updated_at"] = row.UpdatedAt,
            ["updated_by"] = row.UpdatedBy,
        };
        if (withDocument)
        {
            map["document"] = row.Document;
        }
        return map;
    }

    /// <summary>A stored version of a resource, with its document when <paramref name="withDocument"/>.</summary>
    public static Map ResourceVersion(ResourceVersionRow row, bool withDocument = false)
    {
        var map = new Map
        {
            ["resid"] = row.Resid,
            ["version"] = row.Version,
            ["format"] = row.Format,
            ["created_at"] = row.CreatedAt,
            ["created_by"] = row.CreatedBy,
        };
        if (withDocument)
        {
            map["document"] = row.Document;
        }
        return map;
    }

    /// <summary><c>{vid, accid, appid, key, val, updated_at}</c>: one of accid and appid is null; the value with its type.</summary>
    public static Map Variable(VarStoreRow row) => new()
    {
        ["vid"] = row.Vid,
        ["accid"] = row.Accid,
        ["appid"] = row.Appid,
        ["key"] = row.Key,
        ["val"] = PlainJson.Parse(row.Val),
        ["updated_at"] = row.UpdatedAt,
    };

    /// <summary><c>{sid, appid, name, engine, content, is_active, allow_event_modification, queue, delay, tries, timeout, version, ...}</c>.</summary>
    public static Map Script(ScriptRow row) => new()
    {
        ["sid"] = row.Sid,
        ["appid"] = row.Appid,
        ["name"] = row.Name,
        ["engine"] = row.Engine,
        ["content"] = row.Content,
        ["is_active"] = row.IsActive,
        ["allow_event_modification"] = row.AllowEventModification,
        ["queue"] = row.Queue,
        ["delay"] = row.Delay,
        ["tries"] = row.Tries,
        ["timeout"] = row.Timeout,
        ["version"] = row.Version,
        ["created_at"] = row.CreatedAt,
        ["updated_at"] = row.UpdatedAt,
        ["created_by"] = row.CreatedBy,
        ["updated_by"] = row.UpdatedBy,
    };

    /// <summary>
    /// <c>{id, queue, status, attempts, result, error, created_at, started_at, finished_at, kind, appid, tries}</c>: the
    /// result as the JSON value it is (text when it is not JSON).
    /// </summary>
    public static Map Job(JobRow row) => new()
    {
        ["id"] = row.Id,
        ["queue"] = row.Queue,
        ["status"] = row.Status,
        ["attempts"] = row.Attempts,
        ["result"] = row.Result is { } result && PlainJson.TryParse(result, out var value) ? value : row.Result,
        ["error"] = row.Error,
        ["created_at"] = row.CreatedAt,
        ["started_at"] = row.StartedAt,
        ["finished_at"] = row.FinishedAt,
        ["kind"] = row.Kind,
        ["appid"] = row.Appid,
        ["tries"] = row.Tries,
    };

    /// <summary><c>{id, uuid, queue, kind, appid, payload, attempts, tries, exception, created_at, failed_at}</c> (id: the job's).</summary>
    public static Map FailedJob(FailedJobRow row) => new()
    {
        ["id"] = row.Id,
        ["uuid"] = row.Uuid,
        ["queue"] = row.Queue,
        ["kind"] = row.Kind,
        ["appid"] = row.Appid,
        ["payload"] = row.Payload,
        ["attempts"] = row.Attempts,
        ["tries"] = row.Tries,
        ["exception"] = row.Exception,
        ["created_at"] = row.CreatedAt,
        ["failed_at"] = row.FailedAt,
    };

    /// <summary><c>{kid, appid, name, prefix, role, created_at, revoked_at}</c> — never the key or its hash.</summary>
    public static Map ApiKey(ApiKeyRow row) => new()
    {
        ["kid"] = row.Kid,
        ["appid"] = row.Appid,
        ["name"] = row.Name,
        ["prefix"] = row.Prefix,
        ["role"] = row.Role,
        ["created_at"] = row.CreatedAt,
        ["revoked_at"] = row.RevokedAt,
    };

    /// <summary>Stored settings as a map (a copy), over the defaults.</summary>
    public static Map Settings(string? json)
    {
        var parsed = new Map { ["wrap"] = true, ["cors_origins"] = new List<object?>() };
        if (!string.IsNullOrWhiteSpace(json) && PlainJson.TryParse(json, out var value) && value is Map stored)
        {
            foreach (var (key, item) in stored)
            {
                parsed[key] = item;
            }
        }
        return parsed;
    }
}
