using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// Confines the statements of a SQLite data connection (the <c>sql</c> processor's) to the file it was opened on:
/// an authorizer refuses ATTACH (and so VACUUM INTO), DETACH, loading extensions and every PRAGMA that changes a
/// setting; the connection may attach no database at all; a single value is at most <see cref="MaxValueBytes"/>; a
/// statement stops when the request it runs for is cancelled or out of time.
/// </summary>
/// <remarks>
/// SQLite's own cancellation does not interrupt a running statement (a recursive query runs forever), so the
/// request's token is watched by a progress handler. Everything is set on the physical connection, which the pool
/// keeps: the authorizer and limits once, the progress handler on every open (replacing the previous request's).
/// </remarks>
public static class SqliteSandbox
{
    /// <summary>The largest text or blob a data connection builds (SQLite's length limit).</summary>
    public const int MaxValueBytes = 64 * 1024 * 1024;

    // Virtual machine steps between two looks at the request's token: about a tenth of a millisecond of work.
    private const int ProgressSteps = 1000;

    private const int Ok = 0;
    private const int Deny = 1;

    // Action codes of sqlite3_set_authorizer (sqlite3.h).
    private const int Pragma = 19;
    private const int Attach = 24;
    private const int Detach = 25;
    private const int CreateVirtualTable = 29;
    private const int Function = 31;

    // Read-only PRAGMAs whose argument names a table or an index, or limits a check: they never change a setting.
    private static readonly HashSet<string> Inspections = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "collation_list", "function_list", "module_list", "pragma_list",
    };

    // PRAGMAs that may be read (without an argument) but never set.
    private static readonly HashSet<string> Readable = new(StringComparer.OrdinalIgnoreCase)
    {
        "user_version", "application_id", "data_version", "schema_version", "page_count", "page_size", "freelist_count",
        "encoding", "foreign_keys", "journal_mode", "auto_vacuum", "busy_timeout", "synchronous",
    };

    // Virtual table modules a data connection may create: full-text search and spatial indexes, nothing that reaches
    // outside the database file.
    private static readonly HashSet<string> Modules = new(StringComparer.OrdinalIgnoreCase)
    {
        "fts3", "fts4", "fts5", "rtree", "rtree_i32", "geopoly",
    };

    private static readonly HashSet<string> RefusedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "load_extension", "fts3_tokenizer", "readfile", "writefile", "edit",
    };

    private static readonly ConditionalWeakTable<sqlite3, Watch> Watches = [];

    private static readonly delegate_authorizer Authorizer = Authorize;
    private static readonly delegate_progress Progress = Check;

    /// <summary>
    /// Confines a freshly opened physical connection (after its own settings are made, which the authorizer would
    /// refuse): no attached databases, the value length limit, the authorizer.
    /// </summary>
    public static void Confine(SqliteConnection connection)
    {
        var handle = connection.Handle!;
        raw.sqlite3_limit(handle, raw.SQLITE_LIMIT_ATTACHED, 0);
        raw.sqlite3_limit(handle, raw.SQLITE_LIMIT_LENGTH, MaxValueBytes);
        var result = raw.sqlite3_set_authorizer(handle, Authorizer, null);
        if (result != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"The SQLite authorizer could not be installed (error {result}).");
        }
    }

    /// <summary>
    /// Stops the connection's statements once <paramref name="cancellationToken"/> is cancelled (the request's time
    /// budget or the client going away). Call it on every open: it replaces the previous request's token.
    /// </summary>
    public static void StopWhen(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        var watch = Watches.GetValue(handle, static h =>
        {
            var created = new Watch();
            raw.sqlite3_progress_handler(h, ProgressSteps, Progress, created);
            return created;
        });
        watch.Token = cancellationToken;
    }

    /// <summary>
    /// Makes a connection that goes back to the pool clean for the next request: a transaction a query left open is
    /// rolled back, and the finished request's token is dropped.
    /// </summary>
    public static void Release(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle)
        {
            return;
        }
        if (Watches.TryGetValue(handle, out var watch))
        {
            watch.Token = CancellationToken.None;
        }
        if (raw.sqlite3_get_autocommit(handle) == 0)
        {
            raw.sqlite3_exec(handle, "ROLLBACK");
        }
    }

    private static int Authorize(object userData, int action, utf8z first, utf8z second, utf8z database, utf8z trigger)
    {
        switch (action)
        {
            case Attach or Detach:
                return Deny;
            case Function:
                return RefusedFunctions.Contains(second.utf8_to_string() ?? "") ? Deny : Ok;
            case CreateVirtualTable:
                return Modules.Contains(second.utf8_to_string() ?? "") ? Ok : Deny;
            case Pragma:
                return IsInspection(first.utf8_to_string(), second.utf8_to_string(), database.utf8_to_string()) ? Ok : Deny;
            default:
                return Ok;
        }
    }

    /// <summary>True for a PRAGMA that only reads, on the connection's own database.</summary>
    private static bool IsInspection(string? name, string? argument, string? database)
    {
        if (database is not (null or "main" or "temp") || name is null)
        {
            return false;
        }
        return Inspections.Contains(name) || (argument is null && Readable.Contains(name));
    }

    private static int Check(object state) => ((Watch)state).Token.IsCancellationRequested ? 1 : 0;

    /// <summary>The token of the request a pooled connection currently serves.</summary>
    private sealed class Watch
    {
        public CancellationToken Token;
    }
}
