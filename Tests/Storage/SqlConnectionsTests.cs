using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Storage;

/// <summary>
/// The data connections of <c>sql</c>: configured by name, a database per application by default, a shared database
/// only for the applications it lists, never the system database however its path is written.
/// </summary>
public class SqlConnectionsTests
{
    private static readonly ResourceScope Demo = new(1, 2, "examples", "demo");
    private static readonly ResourceScope Shop = new(1, 3, "examples", "shop");
    private static readonly ResourceScope Other = new(4, 5, "other", "demo");

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string SystemFile => Path.Combine(_folder, "apistudio.db");

    private SqlConnections With(Action<ApiStudioOptions> configure)
    {
        var options = new ApiStudioOptions
        {
            Database = new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={SystemFile}" },
        };
        configure(options);
        return new SqlConnections(Options.Create(options));
    }

    private static SqlConnectionOptions Sqlite(string connectionString, params string[] applications) =>
        new() { Provider = "sqlite", ConnectionString = connectionString, Applications = [.. applications] };

    private static async Task<string> MainFileAsync(DataConnection connection)
    {
        var open = await connection.OpenAsync(CancellationToken.None);
        try
        {
            // The sandbox refuses PRAGMA database_list (it would show the server's paths to a designer): ask SQLite's C API.
            return SQLitePCL.raw.sqlite3_db_filename(((SqliteConnection)open).Handle, "main").utf8_to_string();
        }
        finally
        {
            await DataConnection.ReleaseAsync(open);
        }
    }

    [Test]
    public async Task Without_configuration_every_application_has_a_sqlite_file_of_its_own()
    {
        Assert.That(SqlOptions.DefaultConnectionString, Is.EqualTo("Data Source=data/sql/app-{appid}.db"));
        var connections = With(o => o.Sql.Connections["default"] = Sqlite($"Data Source={_folder}/sql/app-{{appid}}.db"));
        var demo = connections.Find("default", Demo)!;
        var shop = connections.Find("default", Shop)!;
        Assert.That(demo.Provider, Is.EqualTo(DatabaseProvider.Sqlite));
        Assert.That(demo, Is.Not.SameAs(shop));
        Assert.That(connections.Find("DEFAULT", Demo), Is.SameAs(demo), "created once per application");
        Assert.That(await MainFileAsync(demo), Is.EqualTo(Path.Combine(_folder, "sql", "app-2.db")));
        Assert.That(await MainFileAsync(shop), Is.EqualTo(Path.Combine(_folder, "sql", "app-3.db")));
        Assert.That(connections.Names, Is.EqualTo(new[] { "default" }));
    }

    [Test]
    public async Task Names_placeholders_give_a_database_per_application_too()
    {
        var connections = With(o => o.Sql.Connections["Reports"] = Sqlite($"Data Source={_folder}/{{account}}-{{application}}-{{accid}}.db"));
        Assert.That(await MainFileAsync(connections.Find("reports", Other)!), Is.EqualTo(Path.Combine(_folder, "other-demo-4.db")));
        var renamed = Other with { Application = "renamed" };
        Assert.That(await MainFileAsync(connections.Find("reports", renamed)!), Is.EqualTo(Path.Combine(_folder, "other-renamed-4.db")),
            "a renamed application is resolved again");
        Assert.That(connections.Names, Is.EqualTo(new[] { "default", "Reports" }));
    }

    [Test]
    public void A_shared_connection_is_open_only_to_the_applications_it_lists()
    {
        var connections = With(o =>
        {
            o.Sql.Connections["none"] = Sqlite($"Data Source={_folder}/none.db");
            o.Sql.Connections["one"] = Sqlite($"Data Source={_folder}/one.db", "examples/demo");
            o.Sql.Connections["account"] = Sqlite($"Data Source={_folder}/account.db", "examples/*");
            o.Sql.Connections["all"] = Sqlite($"Data Source={_folder}/all.db", "*");
        });
        var refused = Assert.Throws<InvalidOperationException>(() => connections.Find("none", Demo))!;
        Assert.That(refused.Message, Is.EqualTo("SQL connection 'none' is not open to examples/demo: the operator lists the " +
            "applications that share it in ApiStudio:Sql:Connections:none:Applications."));
        Assert.That(connections.Find("one", Demo), Is.Not.Null);
        Assert.That(() => connections.Find("one", Shop), Throws.InvalidOperationException.With.Message.Contains("not open to examples/shop"));
        Assert.That(connections.Find("account", Shop), Is.SameAs(connections.Find("account", Demo)), "one shared database");
        Assert.That(() => connections.Find("account", Other), Throws.InvalidOperationException.With.Message.Contains("not open to other/demo"));
        Assert.That(connections.Find("all", Other), Is.Not.Null);
    }

    [Test]
    public void An_application_pattern_is_matched_whole_and_case_sensitively()
    {
        var connections = With(o => o.Sql.Connections["x"] = Sqlite($"Data Source={_folder}/x.db", "examples/dem", "Examples/demo", "examples"));
        Assert.That(() => connections.Find("x", Demo), Throws.InvalidOperationException);
    }

    [Test]
    public void An_unknown_connection_is_null() =>
        Assert.That(With(_ => { }).Find("elsewhere", Demo), Is.Null);

    [Test]
    public void A_connection_without_a_connection_string_is_refused()
    {
        var connections = With(o => o.Sql.Connections["oops"] = new SqlConnectionOptions { Provider = "sqlite", Applications = ["*"] });
        var ex = Assert.Throws<InvalidOperationException>(() => connections.Find("oops", Demo));
        Assert.That(ex!.Message, Is.EqualTo("SQL connection 'oops' has no connection string (ApiStudio:Sql:Connections:oops:ConnectionString)."));
    }

    [TestCase("Data Source={0}")]
    [TestCase("Data Source={1}/./apistudio.db")]
    [TestCase("Data Source={1}/sub/../apistudio.db")]
    [TestCase("Data Source=file:{0}?mode=ro")]
    [TestCase("Data Source={0};Mode=ReadOnly")]
    [TestCase("Data Source={2}")]
    public void The_system_database_is_refused_however_its_path_is_written(string pattern)
    {
        File.WriteAllBytes(SystemFile, []);
        var link = Path.Combine(_folder, "link.db");
        File.CreateSymbolicLink(link, SystemFile);
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        var connectionString = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, SystemFile, _folder, link);
        var connections = With(o => o.Sql.Connections["oops"] = Sqlite(connectionString, "*"));
        var ex = Assert.Throws<InvalidOperationException>(() => connections.Find("oops", Demo));
        Assert.That(ex!.Message, Is.EqualTo("SQL connection 'oops' points at the system database; give it a connection string of its own."));
    }

    [Test]
    public void A_template_that_expands_to_the_system_database_is_refused()
    {
        var connections = With(o => o.Sql.Connections["oops"] = Sqlite($"Data Source={_folder}/{{application}}.db"));
        var named = new ResourceScope(1, 2, "examples", "apistudio");
        Assert.That(() => connections.Find("oops", named), Throws.InvalidOperationException.With.Message.Contains("points at the system database"));
    }

    [Test]
    public void An_unsupported_provider_is_refused_by_name()
    {
        var connections = With(o => o.Sql.Connections["x"] = new SqlConnectionOptions { Provider = "oracle", ConnectionString = "Data Source=x", Applications = ["*"] });
        Assert.That(() => connections.Find("x", Demo), Throws.InvalidOperationException.With.Message.Contains("'oracle' is not supported"));
    }
}
