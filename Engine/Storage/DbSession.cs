using System.Data.Common;
using Dapper;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// A connection, the transaction it works in (if any) and the cancellation token: what every mapper method takes, so
/// that several mappers can share one transaction.
/// </summary>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, DatabaseProvider provider, CancellationToken cancellationToken)
{
    private List<Action>? _afterCommit;

    static DbSession() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>The open connection.</summary>
    public DbConnection Connection { get; } = connection;

    /// <summary>The transaction, when the work is transactional.</summary>
    public DbTransaction? Transaction { get; } = transaction;

    /// <summary>The provider (for the rare provider-specific statement).</summary>
    public DatabaseProvider Provider { get; } = provider;

    /// <summary>Cancels the work.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Rows of a query.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        (await Connection.QueryAsync<T>(Command(sql, parameters)).ConfigureAwait(false)).AsList();

    /// <summary>The single row of a query, or default.</summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    /// <summary>The single row of a query; throws when there is none.</summary>
    public Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleAsync<T>(Command(sql, parameters));

    /// <summary>Runs a statement; returns the affected row count.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Connection.ExecuteAsync(Command(sql, parameters));

    /// <summary>The first column of the first row.</summary>
    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction has committed, never when it rolls back (at once when the
    /// session has no transaction).
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (Transaction is null)
        {
            action();
            return;
        }
        (_afterCommit ??= []).Add(action);
    }

    /// <summary>Runs what was registered with <see cref="AfterCommit"/>; called by <see cref="Database"/> after the commit.</summary>
    internal void Committed()
    {
        if (_afterCommit is { } actions)
        {
            _afterCommit = null;
            foreach (var action in actions)
            {
                action();
            }
        }
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, cancellationToken: CancellationToken);
}
