using ApiStudio.Engine.Storage;

namespace ApiStudio.Tests.Support;

/// <summary>
/// An empty data database for the <c>sql</c> processor, apart from the system database: a SQLite file always, a
/// PostgreSQL database when the suite runs with PostgreSQL. <see cref="Kinds"/> feeds fixtures that run once per kind.
/// </summary>
public sealed class DataDatabase : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;
    private readonly string? _folder;

    private DataDatabase(string provider, string connectionString, TestDatabase? postgres, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgres = postgres;
        _folder = folder;
    }

    /// <summary>The providers to test <c>sql</c> on in this run: sqlite, and postgres when the suite runs with it.</summary>
    public static IEnumerable<string> Kinds =>
        TestDatabase.Provider == DatabaseProvider.Postgres ? ["sqlite", "postgres"] : ["sqlite"];

    /// <summary><c>postgres</c> when the suite runs with PostgreSQL, else nothing: fixtures that only PostgreSQL has.</summary>
    public static IEnumerable<string> PostgresOnly =>
        TestDatabase.Provider == DatabaseProvider.Postgres ? ["postgres"] : [];

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>Its connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty data database of the given kind.</summary>
    public static async Task<DataDatabase> CreateAsync(string kind)
    {
        if (kind == "postgres")
        {
            // Owned by, and opened as, a role without rights on the system database: the only kind the host accepts.
            var postgres = await TestDatabase.CreateEmptyAsync(TestDatabase.DataRole);
            return new DataDatabase("postgres", TestDatabase.AsDataRole(postgres.Options.ConnectionString), postgres, null);
        }
        var folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new DataDatabase("sqlite", $"Data Source={Path.Combine(folder, "data.db")}", null, folder);
    }

    /// <summary>
    /// Configuration entries that make this database the <c>sql</c> connection <paramref name="name"/>, shared by the
    /// applications listed (every application by default).
    /// </summary>
    public Dictionary<string, string?> Settings(string name = "default", params string[] applications)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ApiStudio:Sql:Connections:{name}:Provider"] = Provider,
            [$"ApiStudio:Sql:Connections:{name}:ConnectionString"] = ConnectionString,
        };
        var shared = applications.Length == 0 ? ["*"] : applications;
        for (var i = 0; i < shared.Length; i++)
        {
            settings[$"ApiStudio:Sql:Connections:{name}:Applications:{i}"] = shared[i];
        }
        return settings;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS's temp cleanup.
            }
        }
    }
}
