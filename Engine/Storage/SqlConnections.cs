using System.Collections.Concurrent;
using System.Globalization;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// The data connections of the <c>sql</c> processor (<c>ApiStudio:Sql:Connections</c>), by name, as one application
/// may use them: never the system database, never another application's data.
/// </summary>
/// <remarks>
/// A connection string with <c>{appid}</c>, <c>{application}</c>, <c>{accid}</c> or <c>{account}</c> gives every
/// application a database of its own (the default connection: one SQLite file per application id, ids are never
/// reused). A connection string without them is one database shared by the applications its <c>Applications</c> list
/// names (<c>account/application</c>, <c>account/*</c> or <c>*</c>); a shared connection that lists none is open to none.
/// SQLite data connections are sandboxed (<see cref="SqliteSandbox"/>); a PostgreSQL one is checked before its first
/// query (<see cref="PostgresDataRole"/>) and refused when its role could reach the system database or the server.
/// </remarks>
public sealed class SqlConnections(IOptions<ApiStudioOptions> options, Database? system = null)
{
    private static readonly string[] Placeholders = ["{appid}", "{application}", "{accid}", "{account}"];

    private readonly ConcurrentDictionary<string, DataConnection> _databases = new(StringComparer.Ordinal);

    // What a name resolved to for an application, so a request finds its connection without expanding, checking and
    // building a key again. The names are part of the key: renaming an application changes a {application} expansion.
    private readonly ConcurrentDictionary<(string Name, long Appid, string Account, string Application), DataConnection> _resolved = new();

    /// <summary>The options of the <c>sql</c> processor.</summary>
    public SqlOptions Options => options.Value.Sql;

    /// <summary>The configured connection names (the default one included).</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new SortedSet<string>(Options.Connections.Keys, StringComparer.OrdinalIgnoreCase) { SqlOptions.DefaultConnection };
            return [.. names];
        }
    }

    /// <summary>
    /// The connection called <paramref name="name"/> as <paramref name="scope"/>'s application uses it, or null when none
    /// is configured under that name.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The provider is not supported, the connection is the system database, or it is not open to the application.
    /// </exception>
    public DataConnection? Find(string name, ResourceScope scope)
    {
        var key = (name, scope.Appid, scope.Account, scope.Application);
        if (_resolved.TryGetValue(key, out var found))
        {
            return found;
        }
        var resolved = Resolve(name, scope);
        if (resolved is not null)
        {
            _resolved.TryAdd(key, resolved);
        }
        return resolved;
    }

    private DataConnection? Resolve(string name, ResourceScope scope)
    {
        var configured = Configured(name, out var configuredName);
        if (configured is null)
        {
            return null;
        }
        var template = configured.ConnectionString;
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new InvalidOperationException(
                $"SQL connection '{name}' has no connection string (ApiStudio:Sql:Connections:{configuredName}:ConnectionString).");
        }
        var perApplication = Array.Exists(Placeholders, p => template.Contains(p, StringComparison.OrdinalIgnoreCase));
        if (!perApplication && !IsOpenTo(configured.Applications, scope))
        {
            throw new InvalidOperationException(
                $"SQL connection '{name}' is not open to {scope.Account}/{scope.Application}: the operator lists the applications " +
                $"that share it in ApiStudio:Sql:Connections:{configuredName}:Applications.");
        }
        var connectionString = perApplication ? Expand(template, scope) : template;
        var key = $"{configured.Provider.Trim().ToLowerInvariant()}\n{connectionString}";
        if (_databases.TryGetValue(key, out var known))
        {
            return known;
        }
        var expanded = new DatabaseOptions { Provider = configured.Provider, ConnectionString = connectionString };
        if (IsSystemDatabase(expanded))
        {
            throw new InvalidOperationException(
                $"SQL connection '{name}' points at the system database; give it a connection string of its own.");
        }
        return _databases.GetOrAdd(key, _ => new DataConnection(new Database(expanded, sandboxed: true), system));
    }

    private static bool IsOpenTo(IReadOnlyList<string> applications, ResourceScope scope)
    {
        foreach (var entry in applications)
        {
            var pattern = entry.Trim();
            if (pattern == "*")
            {
                return true;
            }
            var slash = pattern.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0
                || !string.Equals(pattern[..slash], scope.Account, StringComparison.Ordinal))
            {
                continue;
            }
            var application = pattern[(slash + 1)..];
            if (application == "*" || string.Equals(application, scope.Application, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The connection string of one application: account and application names are plain segments (no quotes, ';' or '/').</summary>
    private static string Expand(string template, ResourceScope scope) => template
        .Replace("{appid}", scope.Appid.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)
        .Replace("{accid}", scope.Accid.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)
        .Replace("{application}", scope.Application, StringComparison.OrdinalIgnoreCase)
        .Replace("{account}", scope.Account, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="data"/> names the system database: the same connection string, or on SQLite the same
    /// file however its path is written (relative, through a link, as a URI).
    /// </summary>
    private bool IsSystemDatabase(DatabaseOptions data)
    {
        var systemOptions = options.Value.Database;
        if (string.Equals(data.ConnectionString.Trim(), systemOptions.ConnectionString.Trim(), StringComparison.Ordinal))
        {
            return true;
        }
        return SqliteFile(data) is { } file && SqliteFile(systemOptions) is { } systemFile
            && string.Equals(file, systemFile, StringComparison.Ordinal);
    }

    /// <summary>The real path of a SQLite database file, or null for another provider or an in-memory database.</summary>
    private static string? SqliteFile(DatabaseOptions database)
    {
        if (!string.Equals(database.Provider.Trim(), "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var source = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            source = Uri.UnescapeDataString(source["file:".Length..].Split('?')[0]);
        }
        if (source.Length == 0 || source == ":memory:")
        {
            return null;
        }
        var full = Path.GetFullPath(source);
        var file = new FileInfo(full);
        return file.Exists && file.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
    }

    private SqlConnectionOptions? Configured(string name, out string configuredName)
    {
        foreach (var (key, value) in Options.Connections)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                configuredName = key;
                return value;
            }
        }
        configuredName = SqlOptions.DefaultConnection;
        return string.Equals(name, SqlOptions.DefaultConnection, StringComparison.OrdinalIgnoreCase)
            ? new SqlConnectionOptions { Provider = "sqlite", ConnectionString = SqlOptions.DefaultConnectionString }
            : null;
    }
}
