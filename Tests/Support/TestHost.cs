using ApiStudio.Engine.Http;
using ApiStudio.Studio.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>
/// The real ApiStudio host on a real Kestrel, bound to a free loopback port, over a fresh <see cref="TestDatabase"/>
/// (SQLite or PostgreSQL), seeded and with the shipped resources imported — as a user runs it. Several hosts may share
/// one database (a cluster): the first one owns it and drops it on dispose.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    /// <summary>The administrator's password in every test host.</summary>
    public const string AdminPassword = "Admin-Password-1";

    private readonly WebApplication _app;
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;

    private TestHost(WebApplication app, TestDatabase database, bool ownsDatabase, Uri address)
    {
        _app = app;
        _database = database;
        _ownsDatabase = ownsDatabase;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The host's base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>A client for the host.</summary>
    public HttpClient Client { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The registry of published resources.</summary>
    public ResourceRegistry Registry => Services.GetRequiredService<ResourceRegistry>();

    /// <summary>The database.</summary>
    public TestDatabase Database => _database;

    /// <summary>
    /// Starts a host; <paramref name="settings"/> adds or overrides configuration. With <paramref name="database"/> (the
    /// <see cref="Database"/> of another host) it joins that database instead of creating one, and leaves it to its
    /// owner to drop: dispose it before the owner. <paramref name="services"/> replaces engine services (a clock).
    /// </summary>
    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, TestDatabase? database = null,
        Action<IServiceCollection>? services = null)
    {
        var ownsDatabase = database is null;
        database ??= await TestDatabase.CreateEmptyAsync();
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ApiStudio:Database:Provider"] = database.Options.Provider,
            ["ApiStudio:Database:ConnectionString"] = database.Options.ConnectionString,
            ["ApiStudio:Admin:UserName"] = "admin",
            ["ApiStudio:Admin:Password"] = AdminPassword,
            ["ApiStudio:ResourcesPath"] = RepositoryFolder("resources"),
            ["Serilog:MinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = await StudioApp.BuildAsync([], configuration, services: services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, database, ownsDatabase, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>A folder of the repository (found above the test output).</summary>
    public static string RepositoryFolder(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiStudio.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory!.FullName, name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
