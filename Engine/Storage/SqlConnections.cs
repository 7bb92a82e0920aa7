using System.Collections.Concurrent;
using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// The data connections of the <c>sql</c> processor (<c>ApiStudio:Sql:Connections</c>), by name: never the system
/// database. <c>default</c> is an embedded SQLite file (<see cref="SqlOptions.DefaultConnectionString"/>) unless
/// configured. Each connection is a <see cref="Database"/>, created on first use.
/// </summary>
public sealed class SqlConnections(IOptions<ApiStudioOptions> options)
{
    private readonly ConcurrentDictionary<string, Database> _databases = new(StringComparer.OrdinalIgnoreCase);

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
    /// The connection called <paramref name="name"/>, or null when none is configured.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is not supported, or the connection is the system database.</exception>
    public Database? Find(string name)
    {
        if (_databases.TryGetValue(name, out var database))
        {
            return database;
        }
        var configured = Configured(name);
        if (configured is null)
        {
            return null;
        }
        if (string.Equals(configured.ConnectionString.Trim(), options.Value.Database.ConnectionString.Trim(), StringComparison.Ordinal))
        {
            // A connection without its own connection string would fall back to the system database's default.
            throw new InvalidOperationException(
                $"SQL connection '{name}' points at the system database; give it a connection string of its own.");
        }
        return _databases.GetOrAdd(name, _ => new Database(configured));
    }

    private DatabaseOptions? Configured(string name)
    {
        foreach (var (key, value) in Options.Connections)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return string.Equals(name, SqlOptions.DefaultConnection, StringComparison.OrdinalIgnoreCase)
            ? new DatabaseOptions { Provider = "sqlite", ConnectionString = SqlOptions.DefaultConnectionString }
            : null;
    }
}
