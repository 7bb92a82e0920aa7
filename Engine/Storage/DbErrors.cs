using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ApiStudio.Engine.Storage;

/// <summary>What kind of failure a database error is, the same for both providers.</summary>
public enum DbErrorKind
{
    /// <summary>A unique or primary key constraint refused a duplicate.</summary>
    Duplicate,

    /// <summary>Another constraint (not null, check, foreign key) refused the data.</summary>
    Constraint,

    /// <summary>The data does not fit its column (bad number or date syntax, value too long).</summary>
    InvalidData,

    /// <summary>
    /// The statement is not allowed to this connection: a SQLite data connection's sandbox refused it, or the PostgreSQL
    /// role lacks the privilege.
    /// </summary>
    Forbidden,

    /// <summary>Anything else: a bad statement, a missing table, a lost connection.</summary>
    Other,
}

/// <summary>
/// Classifies provider errors (SQLite result codes, PostgreSQL SQLSTATE classes) and describes them without the
/// connection string, so that callers can answer 409/400/500 with a clear message.
/// </summary>
public static class DbErrors
{
    /// <summary>The kind of a database error.</summary>
    public static DbErrorKind Classify(DbException error) => error switch
    {
        // SQLite: 19 = SQLITE_CONSTRAINT; extended 2067 = UNIQUE, 1555 = PRIMARYKEY; 20 = MISMATCH, 18 = TOOBIG; 23 = AUTH.
        SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } => DbErrorKind.Duplicate,
        SqliteException { SqliteErrorCode: 19 } => DbErrorKind.Constraint,
        SqliteException { SqliteErrorCode: 20 or 18 } => DbErrorKind.InvalidData,
        SqliteException { SqliteErrorCode: 23 } => DbErrorKind.Forbidden,
        PostgresException { SqlState: "23505" } => DbErrorKind.Duplicate,
        PostgresException { SqlState: "42501" } => DbErrorKind.Forbidden,
        PostgresException pg when pg.SqlState.StartsWith("23", StringComparison.Ordinal) => DbErrorKind.Constraint,
        PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal) => DbErrorKind.InvalidData,
        _ => DbErrorKind.Other,
    };

    /// <summary>True when the error is a refused duplicate.</summary>
    public static bool IsDuplicate(DbException error) => Classify(error) == DbErrorKind.Duplicate;

    /// <summary>
    /// The server's description of a statement error (never the connection string), or null for errors that are not
    /// about the statement (connection failures), whose messages may name hosts or files.
    /// </summary>
    public static string? StatementMessage(DbException error) => error switch
    {
        SqliteException sqlite when sqlite.SqliteErrorCode is not (14 or 26) => sqlite.Message, // 14 CANTOPEN, 26 NOTADB
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ => null,
    };
}
