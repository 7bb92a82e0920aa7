using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>
/// A small world for the admin processors, over a fresh <see cref="TestDatabase"/> (SQLite or PostgreSQL) and the
/// engine's own services, without HTTP: the core account, accounts <c>acme</c> (applications <c>shop</c> and
/// <c>blog</c>) and <c>globex</c> (application <c>portal</c>), one user per role, a resource in <c>acme/shop</c> and
/// one in <c>globex/portal</c>. Processors run with a <see cref="Caller"/> the test chooses.
/// </summary>
public abstract class AdminWorld
{
    /// <summary>The password of every seeded user.</summary>
    public const string Password = "World-Password-1";

    /// <summary>The document of the seeded resource of acme/shop.</summary>
    public const string ShopHello = """
        name: Shop hello
        description: Greets shop visitors.
        account: acme
        application: shop
        uri: hello
        method: get
        ttl: 0
        process: Hello from the shop
        """;

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    /// <summary>The services processors reach.</summary>
    protected IServiceProvider Services => _services;

    /// <summary>The database.</summary>
    protected Database Database => _database.Database;

    /// <summary>The resource registry.</summary>
    protected ResourceRegistry Registry => _services.GetRequiredService<ResourceRegistry>();

    /// <summary>Account ids.</summary>
    protected long Core, Acme, Globex;

    /// <summary>Application ids.</summary>
    protected long CoreApp, Shop, Blog, Portal;

    /// <summary>Resource ids.</summary>
    protected long ShopHelloId, PortalSecretId;

    /// <summary>The seeded users by role.</summary>
    protected UserRow AdminUser = null!, AcmeManagerUser = null!, ShopManagerUser = null!, ShopDeveloperUser = null!,
        ShopConsumerUser = null!, GlobexDeveloperUser = null!;

    /// <summary>A global Administrator.</summary>
    protected Caller Admin => Of(AdminUser, (Roles.Administrator, null, null));

    /// <summary>The Account manager of acme.</summary>
    protected Caller AcmeManager => Of(AcmeManagerUser, (Roles.AccountManager, Acme, null));

    /// <summary>The Application manager of acme/shop.</summary>
    protected Caller ShopManager => Of(ShopManagerUser, (Roles.ApplicationManager, Acme, Shop));

    /// <summary>A Developer of acme/shop.</summary>
    protected Caller ShopDeveloper => Of(ShopDeveloperUser, (Roles.Developer, Acme, Shop));

    /// <summary>A Consumer of acme/shop.</summary>
    protected Caller ShopConsumer => Of(ShopConsumerUser, (Roles.Consumer, Acme, Shop));

    /// <summary>A Developer of globex/portal: a user of another account.</summary>
    protected Caller GlobexDeveloper => Of(GlobexDeveloperUser, (Roles.Developer, Globex, Portal));

    /// <summary>Creates the database and the world.</summary>
    [OneTimeSetUp]
    public async Task CreateWorld()
    {
        _database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.AddSingleton(_database.Database);
        services.AddSingleton(TestEngine.Catalogue);
        services.AddSingleton(TestEngine.Planner);
        services.AddSingleton<ResourceRegistry>();
        services.AddSingleton<IPasswordHasher<UserRow>, PasswordHasher<UserRow>>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<OpenApiDocuments>();
        services.AddApiStudioAdmin();
        _services = services.BuildServiceProvider();
        var hasher = _services.GetRequiredService<IPasswordHasher<UserRow>>();
        await Database.InTransactionAsync(async db =>
        {
            (Core, CoreApp) = await AccountWithApplication(db, "apistudio", "core");
            (Acme, Shop) = await AccountWithApplication(db, "acme", "shop");
            Blog = (await ApplicationMapper.CreateAsync(db, Acme, "blog")).Appid;
            (Globex, Portal) = await AccountWithApplication(db, "globex", "portal");
            async Task<UserRow> User(string name, string role, long? accid, long? appid)
            {
                var user = await UserMapper.CreateAsync(db, name, $"{name}@example.com", "pending");
                await UserMapper.SetPasswordHashAsync(db, user.Uid, hasher.HashPassword(user, Password));
                await UserRoleMapper.CreateAsync(db, user.Uid, (await RoleMapper.FindByNameAsync(db, role))!.Rid, accid, appid);
                return (await UserMapper.FindByIdAsync(db, user.Uid))!;
            }
            AdminUser = await User("admin", Roles.Administrator, null, null);
            AcmeManagerUser = await User("acme_manager", Roles.AccountManager, Acme, null);
            ShopManagerUser = await User("shop_manager", Roles.ApplicationManager, Acme, Shop);
            ShopDeveloperUser = await User("shop_dev", Roles.Developer, Acme, Shop);
            ShopConsumerUser = await User("shop_consumer", Roles.Consumer, Acme, Shop);
            GlobexDeveloperUser = await User("globex_dev", Roles.Developer, Globex, Portal);
        });
        await Registry.ReloadAsync();
        ShopHelloId = (await Registry.SaveAsync(ShopHello, DocumentFormat.Yaml, "shop_hello.yaml")).Resid;
        PortalSecretId = (await Registry.SaveAsync(ShopHello.Replace("acme", "globex").Replace("application: shop", "application: portal")
            .Replace("uri: hello", "uri: secret"), DocumentFormat.Yaml, "portal_secret.yaml")).Resid;
    }

    /// <summary>Drops the world.</summary>
    [OneTimeTearDown]
    public async Task DropWorld()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A caller for a user with the given grants.</summary>
    protected static Caller Of(UserRow user, params (string Role, long? Accid, long? Appid)[] grants) =>
        new(user.Uid, user.Username, grants.Select(g => new RoleGrant(g.Role, g.Accid, g.Appid)).ToList());

    /// <summary>A process node of <paramref name="processor"/> with id <c>admin</c> and the given literal inputs, as YAML (JSON flow style).</summary>
    protected static string Node(string processor, params (string Input, object? Value)[] inputs)
    {
        var node = new Map { ["processor"] = processor, ["id"] = "admin" };
        foreach (var (input, value) in inputs)
        {
            node[input] = value;
        }
        return PlainJson.Serialize(node);
    }

    /// <summary>Runs a process tree as <paramref name="caller"/> and returns its value.</summary>
    protected async Task<DataContainer> Run(string processYaml, Caller? caller, ApiRequest? request = null)
    {
        var prepared = TestEngine.Prepare(TestEngine.Resource(processYaml));
        using var context = new EvaluationContext(request ?? new ApiRequest(), null, Services) { Caller = caller };
        return (await prepared.ExecuteAsync(context)).Value;
    }

    /// <summary>Runs a process tree that must fail; returns the error.</summary>
    protected async Task<ApiException> Fails(string processYaml, Caller? caller, ApiRequest? request = null)
    {
        try
        {
            var value = await Run(processYaml, caller, request);
            Assert.Fail($"Expected an ApiException, got {value.Type.Name()} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }

    /// <summary>Asserts an error's status, code and node id (always <c>admin</c>).</summary>
    protected static void AssertError(ApiException error, int status, int code)
    {
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((status, code, "admin")), error.Message);
    }

    /// <summary>A map result.</summary>
    protected static Map MapOf(DataContainer value) => (Map)value.Data!;

    /// <summary>A list result.</summary>
    protected static List<object?> ListOf(DataContainer value) => (List<object?>)value.Data!;

    private static async Task<(long Accid, long Appid)> AccountWithApplication(DbSession db, string account, string application)
    {
        var created = await AccountMapper.CreateAsync(db, account);
        return (created.Accid, (await ApplicationMapper.CreateAsync(db, created.Accid, application)).Appid);
    }
}
