using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Storage;

/// <summary>The data connections of <c>sql</c>: configured by name, default an embedded SQLite file, never the system database.</summary>
public class SqlConnectionsTests
{
    private static SqlConnections With(Action<ApiStudioOptions> configure)
    {
        var options = new ApiStudioOptions();
        configure(options);
        return new SqlConnections(Options.Create(options));
    }

    [Test]
    public void Without_configuration_the_default_connection_is_the_embedded_sqlite_data_file()
    {
        var connections = With(_ => { });
        var database = connections.Find("default");
        Assert.That(database!.Provider, Is.EqualTo(DatabaseProvider.Sqlite));
        Assert.That(SqlOptions.DefaultConnectionString, Is.EqualTo("Data Source=data/data.db"));
        Assert.That(connections.Names, Is.EqualTo(new[] { "default" }));
    }

    [Test]
    public void A_configured_connection_is_found_by_name_whatever_its_case()
    {
        var connections = With(o => o.Sql.Connections["Reports"] = new DatabaseOptions
        {
            Provider = "postgres",
            ConnectionString = "Host=db;Database=reports",
        });
        Assert.That(connections.Find("reports")!.Provider, Is.EqualTo(DatabaseProvider.Postgres));
        Assert.That(connections.Find("REPORTS"), Is.SameAs(connections.Find("reports")), "created once");
        Assert.That(connections.Names, Is.EqualTo(new[] { "default", "Reports" }));
    }

    [Test]
    public void An_unknown_connection_is_null() =>
        Assert.That(With(_ => { }).Find("elsewhere"), Is.Null);

    [Test]
    public void A_connection_to_the_system_database_is_refused()
    {
        // Provider given, connection string forgotten: it would fall back to the system database's default.
        var connections = With(o => o.Sql.Connections["oops"] = new DatabaseOptions { Provider = "sqlite" });
        var ex = Assert.Throws<InvalidOperationException>(() => connections.Find("oops"));
        Assert.That(ex!.Message, Is.EqualTo("SQL connection 'oops' points at the system database; give it a connection string of its own."));
    }

    [Test]
    public void An_unsupported_provider_is_refused_by_name()
    {
        var connections = With(o => o.Sql.Connections["x"] = new DatabaseOptions { Provider = "oracle", ConnectionString = "Data Source=x" });
        Assert.That(() => connections.Find("x"), Throws.InvalidOperationException.With.Message.Contains("'oracle' is not supported"));
    }
}
