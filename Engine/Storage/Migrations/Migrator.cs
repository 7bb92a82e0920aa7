using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Engine.Storage.Migrations;

/// <summary>
/// Brings the system database to the latest schema at start-up: each pending migration runs in its own transaction
/// and is recorded in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps several starting hosts from
/// migrating at once.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    private const long PostgresLockKey = 0x417069_5374756469; // "ApiStudi"

    /// <summary>Applies every pending migration; returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var applied = new List<int>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var migration in Schema.Migrations.OrderBy(m => m.Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)",
                    new { key = PostgresLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version = migration.Version },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (done > 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            await RunScriptAsync(connection, transaction, migration.SqlFor(database.Provider), cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version = migration.Version, name = migration.Name, at = Clock.Now() },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Applied database migration {Version}: {Name}", migration.Version, migration.Name);
            applied.Add(migration.Version);
        }
        return applied;
    }

    private static async Task RunScriptAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
