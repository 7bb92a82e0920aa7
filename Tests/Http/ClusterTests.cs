using System.Net;
using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Two real hosts on one database: what is published, changed or deleted on one is served by the other
/// within seconds (PostgreSQL LISTEN/NOTIFY, or the SQLite change counter), and a host whose change channel broke
/// catches up.
/// </summary>
public class ClusterTests
{
    private const string Admin = "api/apistudio/core/";

    private TestHost _a = null!;
    private TestHost _b = null!;
    private LogCapture _bLogs = null!;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _a = await TestHost.StartAsync();
        // B waits 3 s before reconnecting a broken listening connection: long enough to make a change it cannot hear.
        _b = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Changes:ReconnectSeconds"] = "3" }, _a.Database);
        _bLogs = new LogCapture();
        _b.Services.GetRequiredService<ILoggerFactory>().AddProvider(_bLogs);
        _token = (string)(await LoginAsync(_a, "admin", TestHost.AdminPassword))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _bLogs.Dispose();
    }

    private static string Document(string uri, string answer, string account = "examples", string application = "demo") => $"""
        name: Cluster {uri}
        description: Served by every host.
        account: {account}
        application: {application}
        uri: {uri}
        method: get
        ttl: 0
        process: {answer}
        """;

    private static Task<Reply> Until(TestHost host, string path, Func<Reply, bool> done) =>
        Eventually.Until(() => GetAsync(host, path), done);

    private Task<Reply> AdminSend(TestHost host, HttpMethod method, string path, string? yaml = null, Map? json = null)
    {
        var request = new HttpRequestMessage(method, Admin + path);
        if (yaml is not null)
        {
            request.Content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        }
        else if (json is not null)
        {
            request.Content = new StringContent(PlainJson.Serialize(json), Encoding.UTF8, "application/json");
        }
        return SendAsync(host, request, _token);
    }

    private static Map Data(Reply reply)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (Map)reply.Data!;
    }

    [Test]
    public async Task A_resource_saved_deleted_through_one_hosts_registry_is_served_and_dropped_by_the_other()
    {
        const string path = "api/examples/demo/cluster/registry";
        Assert.That((await GetAsync(_b, path)).Status, Is.EqualTo(HttpStatusCode.NotFound));

        var row = await _a.Registry.SaveAsync(Document("cluster/registry", "first"), DocumentFormat.Yaml, "registry.yaml");
        var reply = await Until(_b, path, r => r.Status == HttpStatusCode.OK);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"first"}""")));

        await _a.Registry.SaveAsync(Document("cluster/registry", "second"), DocumentFormat.Yaml, "registry.yaml", row.Resid);
        reply = await Until(_b, path, r => r.Body.Contains("second", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"second"}"""));
        Assert.That(_b.Registry.Routes.Resources.Single(r => r.Resid == row.Resid).Version, Is.EqualTo(2));

        Assert.That(await _a.Registry.DeleteAsync(row.Resid), Is.True);
        reply = await Until(_b, path, r => r.Status == HttpStatusCode.NotFound);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_b.Registry.Routes.Resources.Any(r => r.Resid == row.Resid), Is.False);
    }

    [Test]
    public async Task Resources_written_through_the_admin_api_of_either_host_reach_the_other()
    {
        const string path = "api/examples/demo/cluster/admin";
        var imported = Data(await AdminSend(_a, HttpMethod.Post, "resource/import", Document("cluster/admin", "imported on A")));
        var resid = (long)imported["resid"]!;
        var reply = await Until(_b, path, r => r.Status == HttpStatusCode.OK);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"imported on A"}"""));

        // The other way round: a token signed by A is good on B (one signing key in the database).
        Data(await AdminSend(_b, HttpMethod.Put, $"resource/{resid}", Document("cluster/admin", "updated on B")));
        reply = await Until(_a, path, r => r.Body.Contains("updated on B", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"updated on B"}"""));

        Data(await AdminSend(_a, HttpMethod.Put, $"resource/{resid}", Document("cluster/admin", "updated on A")));
        reply = await Until(_b, path, r => r.Body.Contains("updated on A", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"updated on A"}"""));

        Assert.That((await AdminSend(_a, HttpMethod.Delete, $"resource/{resid}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        reply = await Until(_b, path, r => r.Status == HttpStatusCode.NotFound);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Event_scripts_saved_changed_and_deleted_on_one_host_run_on_the_other()
    {
        const string path = "api/examples/demo/cluster/scripted";
        Data(await AdminSend(_a, HttpMethod.Post, "resource/import", Document("cluster/scripted", "plain")));
        await Until(_b, path, r => r.Status == HttpStatusCode.OK);
        var appid = _a.Registry.FindApplication("examples", "demo")!.Appid;
        var created = Data(await AdminSend(_a, HttpMethod.Post, "script", json: new Map
        {
            ["appid"] = appid, ["name"] = "demo.cluster.scripted.get.post_process", ["content"] = "return 'scripted on A';",
        }));
        var reply = await Until(_b, path, r => r.Body.Contains("scripted on A", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"scripted on A"}"""));

        Data(await AdminSend(_b, HttpMethod.Put, $"script/{created["sid"]}", json: new Map { ["content"] = "return 'scripted on B';" }));
        reply = await Until(_a, path, r => r.Body.Contains("scripted on B", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"scripted on B"}"""));

        Assert.That((await AdminSend(_a, HttpMethod.Delete, $"script/{created["sid"]}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        reply = await Until(_b, path, r => r.Body.Contains("plain", StringComparison.Ordinal));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"plain"}"""));
    }

    [Test]
    public async Task Applications_created_changed_and_deleted_on_one_host_are_known_to_the_other()
    {
        var accid = (long)Data(await AdminSend(_a, HttpMethod.Post, "account", json: new Map { ["name"] = "clusterco" }))["accid"]!;
        var app = Data(await AdminSend(_a, HttpMethod.Post, "application",
            json: new Map { ["accid"] = accid, ["name"] = "shared", ["wrap"] = false }));
        var appid = (long)app["appid"]!;
        var known = await Eventually.UntilValue(() => _b.Registry.FindApplication("clusterco", "shared"), a => a is not null);
        Assert.That(known?.Appid, Is.EqualTo(appid));

        // B validates a document naming the new application, and A serves what B published.
        Data(await AdminSend(_b, HttpMethod.Post, "resource/import", Document("answer", "42", "clusterco", "shared")));
        var reply = await Until(_a, "api/clusterco/shared/answer", r => r.Status == HttpStatusCode.OK);
        Assert.That(reply.Body, Is.EqualTo("42"));
        reply = await Until(_b, "api/clusterco/shared/answer", r => r.Status == HttpStatusCode.OK);
        Assert.That(reply.Body, Is.EqualTo("42"));

        // Application settings are held in memory too.
        Data(await AdminSend(_a, HttpMethod.Put, $"application/{appid}", json: new Map { ["wrap"] = true }));
        reply = await Until(_b, "api/clusterco/shared/answer", r => r.Body != "42");
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":42}"""));

        Assert.That((await AdminSend(_a, HttpMethod.Delete, $"application/{appid}")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        var gone = await Eventually.UntilValue(() => _b.Registry.FindApplication("clusterco", "shared"), a => a is null);
        Assert.That(gone, Is.Null);
        Assert.That((await GetAsync(_b, "api/clusterco/shared/answer")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        // The application and its routes are reloaded one after the other: the routes follow shortly.
        var served = await Eventually.UntilValue(() => _b.Registry.Routes.Resources.Any(r => r.Appid == appid), any => !any);
        Assert.That(served, Is.False);
    }

    [Test]
    public async Task A_change_made_by_another_process_reaches_every_host()
    {
        // As `apistudio import` does: its own services over the same database, never started as a host.
        var database = new Database(_a.Database.Options);
        var registry = new ResourceRegistry(database, _a.Registry.Planner, NullLogger<ResourceRegistry>.Instance);
        await registry.ReloadAsync();
        var row = await registry.SaveAsync(Document("cluster/process", "from a tool"), DocumentFormat.Yaml, "tool.yaml");

        foreach (var host in new[] { _a, _b })
        {
            var reply = await Until(host, "api/examples/demo/cluster/process", r => r.Status == HttpStatusCode.OK);
            Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"from a tool"}"""));
        }
        await registry.DeleteAsync(row.Resid);
        foreach (var host in new[] { _a, _b })
        {
            var reply = await Until(host, "api/examples/demo/cluster/process", r => r.Status == HttpStatusCode.NotFound);
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_host_whose_change_channel_broke_recovers_and_catches_up()
    {
        const string path = "api/examples/demo/cluster/recovered";
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
        {
            var name = _b.Services.GetRequiredService<ChangeListener>().ConnectionName;
            var before = await Eventually.Until(() => ListenerPidAsync(name), pid => pid is not null);
            Assert.That(before, Is.Not.Null, "B's listening connection");
            await TerminateAsync(before!.Value);

            // Made while B waits to reconnect: its notification never reaches B.
            await _a.Registry.SaveAsync(Document("cluster/recovered", "made while B was deaf"), DocumentFormat.Yaml, "recovered.yaml");
            var after = await Eventually.Until(() => ListenerPidAsync(name), pid => pid is not null && pid != before);
            Assert.That(after, Is.Not.Null.And.Not.EqualTo(before), "B listens again on a new connection");
            Assert.That(_bLogs.Text, Does.Contain("The connection listening for changes made by other hosts failed"));
        }
        else
        {
            // The SQLite poll fails while the counter's table is away, then resumes.
            await ExecuteAsync("ALTER TABLE settings RENAME TO settings_away");
            var failed = await Eventually.UntilValue(() => _bLogs.Text, text => text.Contains("Looking for changes made by other processes failed", StringComparison.Ordinal));
            await ExecuteAsync("ALTER TABLE settings_away RENAME TO settings");
            Assert.That(failed, Does.Contain("Looking for changes made by other processes failed"));
            await _a.Registry.SaveAsync(Document("cluster/recovered", "made while B was deaf"), DocumentFormat.Yaml, "recovered.yaml");
        }
        var reply = await Until(_b, path, r => r.Status == HttpStatusCode.OK);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"made while B was deaf"}"""));

        // And B keeps following changes afterwards.
        var row = _a.Registry.Routes.Resources.Single(r => r.Resource.Uri == "cluster/recovered");
        await _a.Registry.DeleteAsync(row.Resid);
        reply = await Until(_b, path, r => r.Status == HttpStatusCode.NotFound);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>The backend pid of a host's listening connection, found by its application name, or null.</summary>
    private async Task<int?> ListenerPidAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(_a.Database.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return await command.ExecuteScalarAsync() is int pid ? pid : null;
    }

    private async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(_a.Database.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        Assert.That(await command.ExecuteScalarAsync(), Is.True);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_a.Database.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
