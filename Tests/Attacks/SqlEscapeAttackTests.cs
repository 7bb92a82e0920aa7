using System.Net;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage;
using ApiStudio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// A host whose <c>sql</c> connections a Developer's queries try to leave: to read or write the system database (users,
/// password hashes, the signing key), another application's data, files of the host, or to keep the server busy.
/// The default connection gives each application a SQLite file of its own; <c>shared</c> (of the given kind) is open
/// to examples/demo only.
/// </summary>
public abstract class SqlAttackFixture(string kind)
{
    protected TestHost Host { get; private set; } = null!;
    private DataDatabase _shared = null!;
    protected string Folder { get; private set; } = null!;
    protected string SystemFile { get; private set; } = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _shared = await DataDatabase.CreateAsync(kind);
        Folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        // The default connection gives each application a file of its own; "shared" is open to examples/demo only.
        var settings = _shared.Settings("shared", "examples/demo");
        settings["ApiStudio:Sql:Connections:default:Provider"] = "sqlite";
        settings["ApiStudio:Sql:Connections:default:ConnectionString"] = $"Data Source={Folder}/app-{{appid}}.db";
        Host = await TestHost.StartAsync(settings);
        await Host.CreateApplicationAsync("examples", "other");
        SystemFile = TestDatabase.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(Host.Database.Options.ConnectionString).DataSource
            : Path.Combine(Folder, "system.db");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await Host.DisposeAsync();
        await _shared.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    protected string Kind => kind;

    protected string Connection => Kind == "sqlite" ? "default" : "shared";

    /// <summary>Publishes <paramref name="sql"/> at <c>attack/{uri}</c> of examples/demo (or <paramref name="application"/>) and calls it.</summary>
    protected async Task<Reply> AttackAsync(string uri, string sql, string mode = "rows", string application = "demo", string? connection = null)
    {
        await Host.PublishAsync("examples", application, "get", $"attack/{uri}", $"""
            processor: sql
            id: attack
            connection: {connection ?? Connection}
            mode: {mode}
            query: {Quoted(sql)}
            """);
        return await Host.GetAsync($"api/examples/{application}/attack/{uri}");
    }

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    protected static (long Code, string Message) Error(Reply reply)
    {
        var data = (ApiStudio.Engine.Values.Map)reply.Data!;
        Assert.That(data["id"], Is.EqualTo("attack"), "the refusal names the node");
        return ((long)data["code"]!, (string)data["message"]!);
    }

    protected async Task AssertStillServingAsync()
    {
        var greeting = await Host.GetAsync("api/examples/demo/greeting?name=Ada");
        Assert.That((greeting.Status, greeting.Data), Is.EqualTo((HttpStatusCode.OK, (object)"Hello, Ada!")), "the host keeps serving");
    }
}

/// <summary>
/// Attacks every data connection must hold against, on SQLite data and, when the suite runs with PostgreSQL, on
/// PostgreSQL data: each is refused with a clear error and the host keeps serving.
/// </summary>
[TestFixtureSource(typeof(DataDatabase), nameof(DataDatabase.Kinds))]
public class SqlEscapeAttackTests(string kind) : SqlAttackFixture(kind)
{
    [Test]
    public async Task The_system_tables_are_out_of_reach()
    {
        // The data connection is another database: the system's tables are not there to be read.
        var users = await AttackAsync("users", "SELECT username, password_hash FROM users");
        var settings = await AttackAsync("settings", "SELECT * FROM settings");
        foreach (var reply in new[] { users, settings })
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError), reply.Body);
            Assert.That(Error(reply).Message, Does.Contain("no such table").Or.Contain("does not exist"));
            Assert.That(reply.Body, Does.Not.Contain("AQAAAA"), "no password hash (Identity's format) in the answer");
        }
        if (Kind == "postgres")
        {
            var system = new Npgsql.NpgsqlConnectionStringBuilder(Host.Database.Options.ConnectionString).Database;
            var across = await AttackAsync("across", $"SELECT password_hash FROM {system}.public.users");
            Assert.That(Error(across).Message, Does.Contain("cross-database references are not implemented"));
        }
    }

    [Test]
    public async Task Another_application_never_sees_an_applications_tables()
    {
        var created = await AttackAsync("secret-create", "CREATE TABLE secrets (v TEXT); INSERT INTO secrets VALUES ('demo only')", "execute", connection: "default");
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK), created.Body);
        var own = await AttackAsync("secret-read", "SELECT v FROM secrets", "scalar", connection: "default");
        Assert.That(own.Data, Is.EqualTo("demo only"));

        var other = await AttackAsync("secret-read", "SELECT v FROM secrets", "scalar", "other", "default");
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(Error(other).Message, Does.Contain("no such table: secrets"), "examples/other has a database of its own");
    }

    [Test]
    public async Task A_shared_connection_is_refused_to_an_application_it_does_not_list()
    {
        var reply = await AttackAsync("shared-other", "SELECT 1", "scalar", "other", "shared");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        var (code, message) = Error(reply);
        Assert.That((code, message), Is.EqualTo((8L,
            "SQL connection 'shared' is not open to examples/other: the operator lists the applications that share it in " +
            "ApiStudio:Sql:Connections:shared:Applications.")));
        var listed = await AttackAsync("shared-demo", "SELECT 1", "scalar", "demo", "shared");
        Assert.That((listed.Status, listed.Data), Is.EqualTo((HttpStatusCode.OK, (object)1L)));
    }

    [Test]
    public async Task A_transaction_a_query_leaves_open_is_rolled_back_before_the_next_request()
    {
        await AttackAsync("ledger", "CREATE TABLE IF NOT EXISTS ledger (n INTEGER)", "execute");
        // BEGIN without COMMIT: on a pooled connection it would hold the write lock and hand uncommitted rows to the next request.
        var open = await AttackAsync("ledger-open", "BEGIN; INSERT INTO ledger VALUES (1)", "execute");
        Assert.That(open.Status, Is.EqualTo(HttpStatusCode.OK), open.Body);
        var count = await AttackAsync("ledger-count", "SELECT COUNT(*) FROM ledger", "scalar");
        Assert.That(count.Data, Is.EqualTo(0L), "the open transaction was rolled back");
        var write = await AttackAsync("ledger-write", "INSERT INTO ledger VALUES (2)", "execute");
        Assert.That((write.Status, write.Data), Is.EqualTo((HttpStatusCode.OK, (object)1L)), "no lock was left behind");
    }

    [Test]
    public async Task A_query_that_never_ends_stops_at_the_time_budget()
    {
        var sql = Kind == "sqlite"
            ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"
            : "SELECT pg_sleep(600)";
        var document = HostedRuns.Document($"""
            processor: sql
            id: attack
            connection: {Connection}
            mode: scalar
            query: "{sql}"
            """);
        var prepared = Host.Registry.Planner.Prepare(ResourceLoader.Load(document, "budget.yaml"));
        using var context = new EvaluationContext(new ApiRequest(), EvaluationOptions.Default with { TimeBudget = TimeSpan.FromSeconds(1) }, Host.Services)
        {
            Scope = HostedRuns.Scope(Host),
        };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ApiException>(async () => await prepared.ExecuteAsync(context))!;
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "answered within the budget and a margin");
        Assert.That((error.ProcessorId, error.Code, error.Message), Is.EqualTo(("attack", 0, "The request exceeded its time budget of 1 s.")));
        await AssertStillServingAsync();
    }
}

/// <summary>SQLite's sandbox: no attached files, extensions, changed settings, oversized values or endless statements.</summary>
public class SqliteSandboxAttackTests() : SqlAttackFixture("sqlite")
{
    private static IEnumerable<TestCaseData> SqliteEscapes()
    {
        yield return new TestCaseData("attach-system", "ATTACH DATABASE '{system}' AS sys").SetName("ATTACH of the system database");
        yield return new TestCaseData("attach-new", "ATTACH DATABASE '{folder}/created.db' AS x").SetName("ATTACH of a new file");
        yield return new TestCaseData("attach-uri", "ATTACH DATABASE 'file:{system}?mode=ro' AS sys").SetName("ATTACH by URI");
        yield return new TestCaseData("attach-memory", "ATTACH DATABASE ':memory:' AS m").SetName("ATTACH of memory");
        yield return new TestCaseData("vacuum-into", "VACUUM INTO '{folder}/copy.db'").SetName("VACUUM INTO a new file");
        yield return new TestCaseData("detach", "DETACH DATABASE temp").SetName("DETACH");
        yield return new TestCaseData("writable-schema", "PRAGMA writable_schema = ON").SetName("PRAGMA writable_schema");
        yield return new TestCaseData("journal", "PRAGMA journal_mode = OFF").SetName("PRAGMA journal_mode");
        yield return new TestCaseData("foreign-keys", "PRAGMA foreign_keys = OFF").SetName("PRAGMA foreign_keys");
        yield return new TestCaseData("user-version", "PRAGMA user_version = 7").SetName("PRAGMA user_version");
        yield return new TestCaseData("database-list", "PRAGMA database_list").SetName("PRAGMA database_list (the server's paths)");
        yield return new TestCaseData("pragma-function", "SELECT * FROM pragma_database_list").SetName("pragma_database_list()");
        yield return new TestCaseData("temp-store", "PRAGMA temp_store_directory = '/tmp'").SetName("PRAGMA temp_store_directory");
        yield return new TestCaseData("extension", "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0')").SetName("load_extension");
        yield return new TestCaseData("tokenizer", "SELECT fts3_tokenizer('simple')").SetName("fts3_tokenizer");
        yield return new TestCaseData("vtable", "CREATE VIRTUAL TABLE v USING sqlite_dbpage").SetName("CREATE VIRTUAL TABLE of an unknown module");
    }

    [TestCaseSource(nameof(SqliteEscapes))]
    public async Task A_sqlite_escape_is_refused_and_leaves_nothing_behind(string uri, string sql)
    {
        var reply = await AttackAsync(uri, sql.Replace("{system}", Path.GetFullPath(SystemFile), StringComparison.Ordinal)
            .Replace("{folder}", Folder, StringComparison.Ordinal));
        Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.InternalServerError), reply.Body);
        var (code, message) = Error(reply);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(message, Does.Contain("not authorized").Or.Contain("authorization denied"), message);
        Assert.That(File.Exists(Path.Combine(Folder, "created.db")) || File.Exists(Path.Combine(Folder, "copy.db")), Is.False,
            "no file was created");
        await AssertStillServingAsync();
    }

    [Test]
    public async Task The_sandbox_refuses_with_403_and_says_why()
    {
        var reply = await AttackAsync("attach-explained", $"ATTACH DATABASE '{Path.GetFullPath(SystemFile)}' AS sys");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Error(reply).Message, Is.EqualTo("The query was refused: SQLite Error 23: 'not authorized'. (a data connection reaches its own " +
            "data only: no attached databases, extensions or changed settings)."));
    }

    [Test]
    public async Task Reading_introspection_pragmas_still_works()
    {
        await AttackAsync("create-t", "CREATE TABLE IF NOT EXISTS t (a INTEGER, b TEXT)", "execute");
        var columns = await AttackAsync("table-info", "SELECT name FROM pragma_table_info('t') ORDER BY cid");
        Assert.That(columns.Status, Is.EqualTo(HttpStatusCode.OK), columns.Body);
        Assert.That(columns.Body, Does.Contain("\"name\":\"a\"").And.Contain("\"name\":\"b\""));
        var version = await AttackAsync("user-version-read", "PRAGMA user_version", "scalar");
        Assert.That((version.Status, version.Data), Is.EqualTo((HttpStatusCode.OK, (object)0L)));
    }

    [Test]
    public async Task A_value_larger_than_the_limit_is_refused_by_sqlite()
    {
        var blob = await AttackAsync("zeroblob", "SELECT length(zeroblob(200000000))", "scalar");
        var text = await AttackAsync("printf", "SELECT length(printf('%.*c', 200000000, 'x'))", "scalar");
        foreach (var reply in new[] { blob, text })
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
            Assert.That(Error(reply).Message, Does.Contain("string or blob too big"));
        }
        await AssertStillServingAsync();
    }

    [Test]
    public async Task A_query_that_never_ends_stops_when_the_client_leaves()
    {
        await AttackAsync("spin-table", "CREATE TABLE IF NOT EXISTS spin (n INTEGER)", "execute");
        // An endless insert holds SQLite's write lock for as long as it runs.
        await Host.PublishAsync("examples", "demo", "get", "attack/spin", """
            processor: sql
            id: attack
            mode: execute
            query: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO spin SELECT x FROM c"
            """);
        using (var impatient = new HttpClient { BaseAddress = Host.Address, Timeout = TimeSpan.FromSeconds(1) })
        {
            Assert.That(async () => await impatient.GetAsync("api/examples/demo/attack/spin"), Throws.InstanceOf<TaskCanceledException>());
        }
        // Had the statement kept running, this write would wait for the lock and fail after the busy timeout.
        var write = await AttackAsync("spin-write", "INSERT INTO spin VALUES (-1)", "execute");
        Assert.That((write.Status, write.Data), Is.EqualTo((HttpStatusCode.OK, (object)1L)), write.Body);
        var rows = await AttackAsync("spin-count", "SELECT COUNT(*) FROM spin", "scalar");
        Assert.That(rows.Data, Is.EqualTo(1L), "the endless insert was rolled back");
    }
}

/// <summary>PostgreSQL data connections: the data role reaches neither the server nor the system database.</summary>
[TestFixtureSource(typeof(DataDatabase), nameof(DataDatabase.PostgresOnly))]
public class PostgresDataRoleAttackTests(string kind) : SqlAttackFixture(kind)
{
    private static IEnumerable<TestCaseData> PostgresEscapes()
    {
        yield return new TestCaseData("copy-to", "COPY (SELECT 1) TO '/tmp/apistudio-attack'").SetName("COPY TO a server file");
        yield return new TestCaseData("copy-program", "COPY (SELECT 1) TO PROGRAM 'id'").SetName("COPY TO PROGRAM");
        yield return new TestCaseData("read-file", "SELECT pg_read_file('/etc/passwd')").SetName("pg_read_file");
        yield return new TestCaseData("ls-dir", "SELECT pg_ls_dir('.')").SetName("pg_ls_dir");
        yield return new TestCaseData("lo-import", "SELECT lo_import('/etc/passwd')").SetName("lo_import");
        yield return new TestCaseData("dblink", "CREATE EXTENSION dblink").SetName("CREATE EXTENSION dblink");
        yield return new TestCaseData("fdw", "CREATE EXTENSION postgres_fdw").SetName("CREATE EXTENSION postgres_fdw");
        yield return new TestCaseData("set-role", "SET ROLE apistudio").SetName("SET ROLE to the system's role");
        yield return new TestCaseData("alter-role", "ALTER ROLE CURRENT_USER SUPERUSER").SetName("ALTER ROLE SUPERUSER");
        yield return new TestCaseData("create-role", "CREATE ROLE intruder SUPERUSER").SetName("CREATE ROLE");
        yield return new TestCaseData("create-db", "CREATE DATABASE intruder").SetName("CREATE DATABASE");
    }

    [TestCaseSource(nameof(PostgresEscapes))]
    public async Task A_postgres_escape_is_refused(string uri, string sql)
    {
        var reply = await AttackAsync(uri, sql, "execute");
        Assert.That(reply.Status, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.InternalServerError, HttpStatusCode.BadRequest), reply.Body);
        var (code, message) = Error(reply);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(message, Does.Contain("permission denied").Or.Contain("must be superuser").Or.Contain("privileges of")
            .Or.Contain("not allowed").Or.Contain("42501"), message);
        Assert.That(File.Exists("/tmp/apistudio-attack"), Is.False);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task A_postgres_data_connection_that_runs_as_a_superuser_is_refused()
    {
        // The operator's mistake: the data connection logs in as the system's own (superuser) role.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Sql:Connections:risky:Provider"] = "postgres",
            ["ApiStudio:Sql:Connections:risky:ConnectionString"] = Environment.GetEnvironmentVariable("APISTUDIO_TEST_POSTGRES"),
            ["ApiStudio:Sql:Connections:risky:Applications:0"] = "*",
        });
        await host.PublishAsync("examples", "demo", "get", "risky", """
            processor: sql
            id: attack
            connection: risky
            mode: scalar
            query: "SELECT 1"
            """);
        var reply = await host.GetAsync("api/examples/demo/risky");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        var data = (ApiStudio.Engine.Values.Map)reply.Data!;
        Assert.That((data["id"], data["code"], data["message"]), Is.EqualTo(("attack", 8L,
            "The SQL connection 'risky' is refused: its database role could reach the system database or the server. The " +
            "operator must give it a role of its own.")));
        var greeting = await host.GetAsync("api/examples/demo/greeting?name=Ada");
        Assert.That(greeting.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_postgres_data_role_with_rights_on_the_system_tables_is_refused()
    {
        var system = Host.Database.Options.ConnectionString;
        // A fresh data connection each time: the role is checked once per connection.
        DataConnection SystemDatabaseAsDataRole() => new(
            new Database(new() { Provider = "postgres", ConnectionString = TestDatabase.AsDataRole(system) }, sandboxed: true),
            Host.Services.GetRequiredService<Database>());
        // Opening the system database as the data role is harmless while the role has no rights there...
        await DataConnection.ReleaseAsync(await SystemDatabaseAsDataRole().OpenAsync(CancellationToken.None));
        // ...and refused once it has some.
        await using (var admin = new Npgsql.NpgsqlConnection(system))
        {
            await admin.OpenAsync();
            await using var grant = new Npgsql.NpgsqlCommand($"GRANT SELECT ON users TO {TestDatabase.DataRole}", admin);
            await grant.ExecuteNonQueryAsync();
        }
        var fresh = SystemDatabaseAsDataRole();
        var refused = Assert.ThrowsAsync<DataConnectionRefusedException>(async () => await fresh.OpenAsync(CancellationToken.None))!;
        Assert.That(refused.Message, Does.Contain($"role '{TestDatabase.DataRole}' has rights on the system tables (users)"));
    }
}
