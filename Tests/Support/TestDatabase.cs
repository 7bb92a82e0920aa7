using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ApiStudio.Tests.Support;

/// <summary>
/// A fresh, migrated system database for one test fixture, on the provider the suite runs against:
/// SQLite (a real file in a temporary folder) by default; PostgreSQL when <c>APISTUDIO_TEST_PROVIDER=postgres</c>
/// and <c>APISTUDIO_TEST_POSTGRES</c> holds a connection string of a role that may create databases
/// (<c>.ci/run</c> sets both). Each instance gets its own database, dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseOptions options, string? folder, string? postgresAdmin, string? postgresName)
    {
        Options = options;
        _folder = folder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        Database = new Database(options);
    }

    /// <summary>The provider the suite runs against.</summary>
    public static DatabaseProvider Provider =>
        string.Equals(Environment.GetEnvironmentVariable("APISTUDIO_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>The options pointing at this database.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The database.</summary>
    public Database Database { get; }

    /// <summary>
    /// The PostgreSQL role of data connections in tests: may log in, nothing more (no superuser, no role creation, no
    /// server roles), as an operator sets one up for the <c>sql</c> processor. Its password is its name.
    /// </summary>
    public const string DataRole = "apistudio_data";

    /// <summary>A connection string of the same server and database, logged in as <see cref="DataRole"/>.</summary>
    public static string AsDataRole(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = DataRole, Password = DataRole }.ConnectionString;

    /// <summary>Creates an empty database (not migrated); on PostgreSQL owned by <paramref name="owner"/> when given.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(string? owner = null)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return CreateSqliteFile();
        }
        var admin = Environment.GetEnvironmentVariable("APISTUDIO_TEST_POSTGRES")
            ?? throw new InvalidOperationException("APISTUDIO_TEST_PROVIDER=postgres needs APISTUDIO_TEST_POSTGRES (a connection string).");
        var name = "apistudio_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            if (owner is not null)
            {
                await using var role = new NpgsqlCommand($"""
                    DO $$ BEGIN
                      CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{owner}';
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                    END $$
                    """, connection);
                await role.ExecuteNonQueryAsync();
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{(owner is null ? "" : " OWNER " + owner)}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
        return new TestDatabase(new DatabaseOptions { Provider = "postgres", ConnectionString = builder.ConnectionString }, null, admin, name);
    }

    /// <summary>Creates a database and applies every migration.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var database = await CreateEmptyAsync();
        await new Migrator(database.Database, NullLogger<Migrator>.Instance).MigrateAsync();
        return database;
    }

    /// <summary>Creates a migrated SQLite database whatever the suite's provider (for what only SQLite does).</summary>
    public static async Task<TestDatabase> CreateSqliteAsync()
    {
        var database = CreateSqliteFile();
        await new Migrator(database.Database, NullLogger<Migrator>.Instance).MigrateAsync();
        return database;
    }

    private static TestDatabase CreateSqliteFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(
            new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "apistudio.db")}" },
            folder, null, null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a pooled connection is left for the OS's temp cleanup.
            }
        }
        if (_postgresName is not null)
        {
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
