using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Endpoint;

/// <summary>sql: parameterised queries on a configured data connection, on SQLite and (in PostgreSQL runs) PostgreSQL.</summary>
[TestFixtureSource(typeof(DataDatabase), nameof(DataDatabase.Kinds))]
public class SqlTests(string kind) : HostedFixture
{
    private DataDatabase _data = null!;

    /// <inheritdoc />
    protected override async Task<Dictionary<string, string?>> SettingsAsync()
    {
        _data = await DataDatabase.CreateAsync(kind);
        var settings = _data.Settings();
        settings["ApiStudio:Sql:MaxRows"] = "5";
        return settings;
    }

    [OneTimeSetUp]
    public async Task CreateTables()
    {
        await Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, score DOUBLE PRECISION)");
        await Execute("CREATE TABLE many (n INTEGER)");
        await Execute("INSERT INTO notes (id, body, score) VALUES (1, 'first', 1.5), (2, 'second', NULL)");
        await Execute("INSERT INTO many (n) VALUES (1), (2), (3), (4), (5), (6)");
    }

    [OneTimeTearDown]
    public async Task DropData() => await _data.DisposeAsync();

    private Task<DataContainer> Execute(string sql) => Run(Host, Query(sql, mode: "execute"));

    private static string Query(string sql, string parameters = "", string mode = "rows", string extra = "") => $"""
        processor: sql
        id: query
        query: "{sql}"
        mode: {mode}
        {(parameters.Length > 0 ? "parameters: " + parameters : "")}
        {extra}
        """;

    [Test]
    public async Task Rows_are_a_list_of_maps_with_typed_values()
    {
        var rows = await Run(Host, Query("SELECT id, body, score FROM notes WHERE id <= 2 ORDER BY id"));
        Assert.That(rows.ToString(), Is.EqualTo("""[{"id":1,"body":"first","score":1.5},{"id":2,"body":"second","score":null}]"""));
    }

    [Test]
    public async Task Wide_rows_stop_at_the_memory_budget()
    {
        var wide = new string('x', 10_000);
        var tree = Query("SELECT n, @wide AS wide FROM many WHERE n <= 5", parameters: $"{{wide: {wide}}}");
        var error = await RunFails(Host, tree, options: new EvaluationOptions { MemoryBudgetBytes = 64 * 1024 });
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 507, "query")));
        Assert.That(error.Message, Is.EqualTo("The request exceeded its memory budget of 64 KiB."));
        var rows = await Run(Host, tree, options: new EvaluationOptions { MemoryBudgetBytes = 1024 * 1024 });
        Assert.That(((List<object?>)rows.Data!).Count, Is.EqualTo(5));
    }

    [Test]
    public async Task A_connection_setting_changed_by_a_query_does_not_outlive_its_request()
    {
        // The pool keeps physical connections open between requests; a setting one query changes must not leak. SQLite
        // data connections refuse such a PRAGMA outright; PostgreSQL resets the session when the connection goes back.
        if (kind == "sqlite")
        {
            var refused = await RunFails(Host, Query("PRAGMA foreign_keys=OFF", mode: "execute"));
            Assert.That((refused.ProcessorId, refused.Code, refused.HttpStatus), Is.EqualTo(("query", 2, 403)));
            Assert.That(refused.Message, Does.StartWith("The query was refused: SQLite Error 23: 'not authorized'"));
        }
        else
        {
            await Execute("SET statement_timeout = 1234");
        }
        var (read, expected) = kind == "sqlite" ? ("PRAGMA foreign_keys", (object)1L) : ("SHOW statement_timeout", "0");
        var after = await Run(Host, Query(read, mode: "scalar"));
        Assert.That(after.Data, Is.EqualTo(expected));
    }

    [Test]
    public async Task Scalar_is_the_first_column_of_the_first_row_or_undefined()
    {
        var found = await Run(Host, Query("SELECT body FROM notes WHERE id = @nid", "{nid: 1}", "scalar"));
        var none = await Run(Host, Query("SELECT body FROM notes WHERE id = @nid", "{nid: 99}", "scalar"));
        Assert.That((found.Type, found.Data), Is.EqualTo((DataType.Text, "first")));
        Assert.That(none.IsUndefined);
    }

    [Test]
    public async Task Execute_returns_the_number_of_rows_changed()
    {
        await Run(Host, Query("INSERT INTO notes (id, body) VALUES (@nid, @body)", "{nid: 10, body: ten}", "execute"));
        await Run(Host, Query("INSERT INTO notes (id, body) VALUES (@nid, @body)", "{nid: 11, body: eleven}", "execute"));
        var changed = await Run(Host, Query("UPDATE notes SET score = @score WHERE id BETWEEN @low AND @high", "{score: 2.5, low: 10, high: 11}", "execute"));
        Assert.That((changed.Type, changed.Data), Is.EqualTo((DataType.Integer, 2L)));
    }

    [Test]
    public async Task Parameters_come_from_the_request()
    {
        var request = TestEngine.Get(("body", "second"));
        var value = await Run(Host, Query("SELECT id FROM notes WHERE body = @body", """
            {body: {processor: var_get, id: body, key: body}}
            """, "scalar"), request: request);
        Assert.That(value.Data, Is.EqualTo(2L));
    }

    [TestCase(101, "x'); DROP TABLE notes; --")]
    [TestCase(102, "' OR '1'='1")]
    [TestCase(103, "1; DELETE FROM notes")]
    [TestCase(104, "\\'; SELECT pg_sleep(5); --")]
    public async Task Injection_attempts_in_a_parameter_are_data(int id, string attack)
    {
        var request = new ApiRequest { Query = new Dictionary<string, object?> { ["q"] = attack } };
        var matches = await Run(Host, Query("SELECT COUNT(*) FROM notes WHERE body = @q", """
            {q: {processor: var_get, id: q, key: q}}
            """, "scalar"), request: request);
        Assert.That(matches.Data, Is.EqualTo(0L), "the attack matched nothing");
        await Run(Host, Query("INSERT INTO notes (id, body) VALUES (@nid, @q)",
            "{nid: " + id + ", q: {processor: var_get, id: q, key: q}}", "execute"), request: request);
        var stored = await Run(Host, Query("SELECT body FROM notes WHERE id = @nid", $"{{nid: {id}}}", "scalar"));
        Assert.That(stored.Data, Is.EqualTo(attack), "stored verbatim");
        Assert.That((await Run(Host, Query("SELECT COUNT(*) FROM notes WHERE id <= 2", mode: "scalar"))).Data, Is.EqualTo(2L), "the table is intact");
    }

    [TestCase("id; DROP TABLE notes")]
    [TestCase("1id")]
    [TestCase("")]
    public async Task A_parameter_name_that_is_not_an_identifier_is_refused(string name)
    {
        var ex = await RunFails(Host, Query("SELECT 1", $"{{\"{name}\": 1}}", "scalar"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 6, 400)));
        Assert.That(ex.Message, Does.StartWith($"SQL parameter name '{name}' is not valid"));
    }

    [Test]
    public void A_query_computed_from_the_request_is_refused_at_publish_time() =>
        Assert.That(TestEngine.PublishFails("""
            processor: sql
            id: query
            query:
              processor: var_get
              id: q
              key: q
            """).Message, Does.Contain("Input 'query' must be a literal written in the resource, not computed by a processor node."));

    [Test]
    public void A_connection_computed_from_the_request_is_refused_at_publish_time() =>
        Assert.That(TestEngine.PublishFails(Query("SELECT 1", extra: """
            connection:
              processor: var_get
              id: c
              key: c
            """)).Message, Does.Contain("Input 'connection' must be a literal written in the resource"));

    [Test]
    public void The_query_is_required_and_mode_limited_at_publish_time()
    {
        Assert.That(TestEngine.PublishFails("processor: sql\nid: query").Message, Does.Contain("Input 'query' is required."));
        Assert.That(TestEngine.PublishFails(Query("SELECT 1", mode: "all")).Message,
            Does.Contain("Input 'mode' does not accept the value 'all'; allowed: rows, scalar, execute."));
    }

    [Test]
    public async Task Parameters_must_be_a_map()
    {
        var ex = await RunFails(Host, Query("SELECT 1", "[1, 2]"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("query", 6, 400, "Input 'parameters' must be a map of parameter name → value.")));
    }

    [Test]
    public async Task An_array_parameter_travels_as_json_text()
    {
        var value = await Run(Host, Query("SELECT @tags", "{tags: [a, b]}", "scalar"));
        Assert.That(value.Data, Is.EqualTo("""["a","b"]"""));
    }

    [Test]
    public async Task A_duplicate_key_is_409_code_2()
    {
        var ex = await RunFails(Host, Query("INSERT INTO notes (id, body) VALUES (1, 'again')", mode: "execute"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 2, 409)));
        Assert.That(ex.Message, Does.StartWith("The query was refused: "));
    }

    [Test]
    public async Task A_refused_null_is_400_code_2()
    {
        var ex = await RunFails(Host, Query("INSERT INTO notes (id, body) VALUES (@nid, @body)", "{nid: 50, body: null}", "execute"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 2, 400)));
    }

    [Test]
    public async Task Bad_sql_is_500_code_2_without_connection_details()
    {
        var ex = await RunFails(Host, Query("SELEC nonsense"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 2, 500)));
        Assert.That(ex.Message, Does.StartWith("The query failed: "));
        Assert.That(ex.Message, Does.Not.Contain(_data.ConnectionString).And.Not.Contain("Password").And.Not.Contain("Data Source"));
    }

    [Test]
    public async Task The_data_database_is_not_the_system_database()
    {
        var ex = await RunFails(Host, Query("SELECT COUNT(*) FROM var_store", mode: "scalar"));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((2, 500)));
    }

    [Test]
    public async Task A_placeholder_without_a_parameter_is_500_code_2()
    {
        var ex = await RunFails(Host, Query("SELECT body FROM notes WHERE id = @missing"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 2, 500)));
    }

    [Test]
    public async Task More_rows_than_the_limit_is_an_error_not_a_cut()
    {
        var ex = await RunFails(Host, Query("SELECT n FROM many"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 2, 500)));
        Assert.That(ex.Message, Is.EqualTo("The query returned more than 5 rows (ApiStudio:Sql:MaxRows): narrow it or page it."));
    }

    [Test]
    public async Task An_unknown_connection_is_500_code_8()
    {
        var ex = await RunFails(Host, Query("SELECT 1", extra: "connection: reports"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("query", 8, 500, "SQL connection 'reports' is not configured (ApiStudio:Sql:Connections:reports).")));
    }

    [Test]
    public async Task Without_theHost_services_it_is_a_configuration_error()
    {
        var ex = await TestEngine.RunFails(Query("SELECT 1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("query", 8, 500)));
    }
}
