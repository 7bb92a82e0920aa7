using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>
/// The engine's services (as <c>AddApiStudio</c> registers them) over a fresh database, without HTTP: runs resources of
/// <see cref="TestEngine"/> (account <c>tests</c>, application <c>unit</c>) with a request, the services and the scope,
/// so Security processors can be tested one by one.
/// </summary>
public sealed class SecurityHarness : IAsyncDisposable
{
    /// <summary>The password of every user made by <see cref="CreateUserAsync"/>.</summary>
    public const string Password = "Harness-Password-1";

    private readonly TestDatabase _database;

    private SecurityHarness(TestDatabase database, ServiceProvider services, ResourceScope scope, ResourceScope other)
    {
        _database = database;
        Services = services;
        Scope = scope;
        OtherScope = other;
    }

    /// <summary>The services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The served application: <c>tests/unit</c>.</summary>
    public ResourceScope Scope { get; }

    /// <summary>Another application of another account: <c>others/elsewhere</c>.</summary>
    public ResourceScope OtherScope { get; }

    /// <summary>The database.</summary>
    public Database Database => _database.Database;

    /// <summary>The token service.</summary>
    public TokenService Tokens => Services.GetRequiredService<TokenService>();

    /// <summary>Starts the services over a new migrated database with the <c>tests/unit</c> application.</summary>
    public static async Task<SecurityHarness> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiStudio:Database:Provider"] = database.Options.Provider,
            ["ApiStudio:Database:ConnectionString"] = database.Options.ConnectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddApiStudio(configuration, TestEngine.Catalogue).BuildServiceProvider();
        var (unit, elsewhere) = await database.Database.InTransactionAsync(async db =>
        {
            var tests = await AccountMapper.CreateAsync(db, "tests");
            var others = await AccountMapper.CreateAsync(db, "others");
            return (await ApplicationMapper.CreateAsync(db, tests.Accid, "unit"), await ApplicationMapper.CreateAsync(db, others.Accid, "elsewhere"));
        });
        await services.GetRequiredService<ResourceRegistry>().ReloadApplicationsAsync();
        return new SecurityHarness(database, services,
            new ResourceScope(unit.Accid, unit.Appid, "tests", "unit"), new ResourceScope(elsewhere.Accid, elsewhere.Appid, "others", "elsewhere"));
    }

    /// <summary>Creates an active user with <see cref="Password"/> and grants (role, accid, appid).</summary>
    public Task<UserRow> CreateUserAsync(string username, params (string Role, long? Accid, long? Appid)[] grants)
    {
        var hasher = Services.GetRequiredService<IPasswordHasher<UserRow>>();
        return Database.InTransactionAsync(async db =>
        {
            var user = await UserMapper.CreateAsync(db, username, null, "pending");
            await UserMapper.SetPasswordHashAsync(db, user.Uid, hasher.HashPassword(user, Password));
            foreach (var (role, accid, appid) in grants)
            {
                await UserRoleMapper.CreateAsync(db, user.Uid, (await RoleMapper.FindByNameAsync(db, role))!.Rid, accid, appid);
            }
            return user;
        });
    }

    /// <summary>Signs a user in.</summary>
    public async Task<TokenPair> LoginAsync(string username) => (await Tokens.LoginAsync(username, Password))!;

    /// <summary>A request with an <c>Authorization: Bearer</c> header (and more headers when given).</summary>
    public static ApiRequest WithBearer(string? token, params (string Name, string Value)[] headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (token is not null)
        {
            map["Authorization"] = "Bearer " + token;
        }
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }
        return new ApiRequest { Headers = map };
    }

    /// <summary>Runs a resource document (with its security) in the served application; the value and the caller.</summary>
    public async Task<(DataContainer Value, Caller? Caller)> RunAsync(string document, ApiRequest request, ResourceScope? scope = null)
    {
        var prepared = TestEngine.Prepare(document);
        using var context = new EvaluationContext(request, services: Services) { Scope = scope ?? Scope };
        var result = await prepared.ExecuteAsync(context);
        return (result.Value, context.Caller);
    }

    /// <summary>Runs a document that must fail; the error.</summary>
    public async Task<ApiException> FailsAsync(string document, ApiRequest request, ResourceScope? scope = null)
    {
        try
        {
            var (value, _) = await RunAsync(document, request, scope);
            Assert.Fail($"Expected an ApiException, got {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }

    /// <summary>A document whose security is <paramref name="securityYaml"/> and whose process answers <c>granted</c>.</summary>
    public static string Secured(string securityYaml) => TestEngine.Resource("granted", "security:\n" + Indent(securityYaml));

    private static string Indent(string yaml) =>
        string.Join("\n", yaml.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(line => "  " + line));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// A fixture over one <see cref="SecurityHarness"/> with the active user <c>ada</c> (no roles), for the processors that
/// sign users in and out.
/// </summary>
public abstract class SignInFixture
{
    /// <summary>The harness.</summary>
    protected SecurityHarness Harness { get; private set; } = null!;

    /// <summary>Starts the harness and creates <c>ada</c>.</summary>
    [OneTimeSetUp]
    public async Task StartHarness()
    {
        Harness = await SecurityHarness.StartAsync();
        await Harness.CreateUserAsync("ada");
    }

    /// <summary>Stops the harness.</summary>
    [OneTimeTearDown]
    public async Task StopHarness() => await Harness.DisposeAsync();

    /// <summary>A POST request with these form fields.</summary>
    protected static ApiRequest Posted(params (string Key, string Value)[] fields)
    {
        var post = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            post[key] = value;
        }
        return new ApiRequest { Method = "post", Post = post };
    }
}
