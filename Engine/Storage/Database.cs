using System.Data.Common;
using ApiStudio.Engine.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ApiStudio.Engine.Storage;

/// <summary>The two database providers.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL server (scale-out).</summary>
    Postgres,
}

/// <summary>
/// The system database: opens connections for the configured provider and runs work in transactions. Mappers
/// (one per table, in <c>Storage/Mappers</c>) take the connection and transaction it hands out.
/// </summary>
public sealed class Database
{
    // The physical SQLite connections (the pool keeps them open between uses) whose per-connection settings are made:
    // a pooled connection keeps its PRAGMAs, so they run once per physical connection, not on every open.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredSqlite = [];

    // What the connection string asked of a sandboxed SQLite connection, made once per physical connection by this
    // class instead of on every open by the provider (the sandbox refuses PRAGMAs once it is installed).
    private readonly bool _foreignKeys = true;
    private readonly bool _recursiveTriggers;

    /// <summary>A database for the given provider and connection string.</summary>
    /// <param name="options">Provider and connection string.</param>
    /// <param name="sandboxed">
    /// True for a data connection of the <c>sql</c> processor: on SQLite its statements are confined to its own file
    /// (<see cref="SqliteSandbox"/>); <see cref="DataConnection"/> checks a PostgreSQL role (<see cref="PostgresDataRole"/>).
    /// </param>
    public Database(DatabaseOptions options, bool sandboxed = false)
    {
        Sandboxed = sandboxed;
        Provider = options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"ApiStudio:Database:Provider '{other}' is not supported: use sqlite or postgres."),
        };
        ConnectionString = options.ConnectionString;
        if (Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            if (sandboxed)
            {
                _foreignKeys = builder.ForeignKeys ?? true;
                _recursiveTriggers = builder.RecursiveTriggers;
                builder.ForeignKeys = null;
                builder.RecursiveTriggers = false;
                ConnectionString = builder.ConnectionString;
            }
            if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }
            }
        }
    }

    /// <summary>True for a data connection of the <c>sql</c> processor (see the constructor).</summary>
    public bool Sandboxed { get; }

    /// <summary>The provider in use.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string (a secret: never logged or returned).</summary>
    internal string ConnectionString { get; }

    /// <summary>
    /// Opens a connection, configured for the provider (SQLite: WAL, foreign keys, busy timeout; set once per physical
    /// connection, which the pool keeps open).
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            var server = new NpgsqlConnection(ConnectionString);
            await server.OpenAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var handle = connection.Handle!;
        if (!ConfiguredSqlite.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; "
                + (_foreignKeys ? "PRAGMA foreign_keys=ON;" : "PRAGMA foreign_keys=OFF;")
                + (_recursiveTriggers ? " PRAGMA recursive_triggers=ON;" : "");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (Sandboxed)
            {
                SqliteSandbox.Confine(connection);
            }
            ConfiguredSqlite.AddOrUpdate(handle, handle);
        }
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: committed when it returns, rolled back when it throws.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var session = new DbSession(connection, transaction, Provider, cancellationToken);
        var result = await work(session).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        session.Committed();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction.</summary>
    public Task InTransactionAsync(Func<DbSession, Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async session =>
        {
            await work(session).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on one connection without a transaction (reads).</summary>
    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(new DbSession(connection, null, Provider, cancellationToken)).ConfigureAwait(false);
    }
}
