using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// One data database of the <c>sql</c> processor, as <see cref="SqlConnections"/> hands it to an application: opens
/// connections for one request at a time and gives them back clean.
/// </summary>
public sealed class DataConnection
{
    private readonly Database _database;
    private readonly Database? _system;
    private Task? _roleChecked;

    internal DataConnection(Database database, Database? system)
    {
        _database = database;
        _system = system;
    }

    /// <summary>The provider of the data database.</summary>
    public DatabaseProvider Provider => _database.Provider;

    /// <summary>
    /// Opens a connection for one request: a SQLite statement stops when <paramref name="cancellationToken"/> is
    /// cancelled; a PostgreSQL role is checked before the first query (<see cref="DataConnectionRefusedException"/> says
    /// what is wrong with it).
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection is SqliteConnection sqlite)
            {
                SqliteSandbox.StopWhen(sqlite, cancellationToken);
            }
            else if (connection is NpgsqlConnection postgres)
            {
                await CheckRoleAsync(postgres, cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gives a connection back to the pool: a SQLite transaction left open by a query is rolled back first.</summary>
    public static ValueTask ReleaseAsync(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            SqliteSandbox.Release(sqlite);
        }
        return connection.DisposeAsync();
    }

    private Task CheckRoleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var check = _roleChecked;
        if (check is { IsCompletedSuccessfully: true })
        {
            return check;
        }
        // A check that failed (the role is unsafe, or the server did not answer) is made again next time: the operator
        // may have fixed the role meanwhile.
        check = CheckAsync(connection, cancellationToken);
        _roleChecked = check;
        return check;
    }

    private async Task CheckAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var problems = await PostgresDataRole.ProblemsAsync(connection, _system, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new DataConnectionRefusedException(
                "This PostgreSQL data connection is refused because " + string.Join("; ", problems) +
                ": give it a role of its own without rights on the system database (see the README).");
        }
    }
}

/// <summary>A data connection whose database role could reach the system database or the server.</summary>
public sealed class DataConnectionRefusedException(string message) : InvalidOperationException(message);
