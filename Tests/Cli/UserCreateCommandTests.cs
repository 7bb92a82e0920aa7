using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;

namespace ApiStudio.Tests.Cli;

/// <summary><c>apistudio user:create</c> over a real database (SQLite or PostgreSQL).</summary>
public class UserCreateCommandTests
{
    private TestDatabase _database = null!;
    private Dictionary<string, string?> _settings = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _settings = CliRunner.Settings(_database);
        // The first command seeds the database (and warns that the test's resources folder is empty); seed it here so
        // that no test's captured output depends on running first.
        var seeded = await CliRunner.RunAsync(_settings, "user:create", "--username", "seed", "--password", "Seed-Password-1");
        Assert.That(seeded.ExitCode, Is.EqualTo(0), seeded.ToString());
    }

    [OneTimeTearDown]
    public async Task Delete() => await _database.DisposeAsync();

    [Test]
    public async Task Creates_a_user_whose_password_verifies()
    {
        var run = await CliRunner.RunAsync(_settings, "user:create", "--username", "ada", "--password", "Lovelace-1815", "--email", "ada@example.com");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Match(@"^Created user 'ada' \(uid \d+\)\.\s*$"));
        var user = await _database.Database.ReadAsync(db => UserMapper.FindByUsernameAsync(db, "ada"));
        Assert.That(user!.Email, Is.EqualTo("ada@example.com"));
        Assert.That(new PasswordHasher<UserRow>().VerifyHashedPassword(user, user.PasswordHash, "Lovelace-1815"),
            Is.Not.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(user.PasswordHash, Does.Not.Contain("Lovelace"));
    }

    [Test]
    public async Task Grants_a_role_on_one_application()
    {
        var run = await CliRunner.RunAsync(_settings, "user:create", "--username", "dev", "--password", "Developer-1",
            "--role", "developer", "--account", "examples", "--application", "demo");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("with the role Developer on examples/demo."));
        var grants = await _database.Database.ReadAsync(async db =>
            await UserRoleMapper.ForUserAsync(db, (await UserMapper.FindByUsernameAsync(db, "dev"))!.Uid));
        var demo = await _database.Database.ReadAsync(db => ApplicationMapper.FindByNameAsync(db, "examples", "demo"));
        Assert.That(grants.Select(g => (g.RoleName, g.Accid, g.Appid)), Is.EqualTo(new[] { ("Developer", (long?)demo!.Accid, (long?)demo.Appid) }));
    }

    [Test]
    public async Task A_taken_user_name_is_refused()
    {
        Assert.That((await CliRunner.RunAsync(_settings, "user:create", "--username", "twice", "--password", "Password-1")).ExitCode, Is.EqualTo(0));
        var run = await CliRunner.RunAsync(_settings, "user:create", "--username", "twice", "--password", "Password-2");
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((1, $"error: User 'twice' already exists.{Environment.NewLine}")));
    }

    [TestCase(new[] { "--username", "x1", "--password", "short" }, "--password must have at least 8 characters.")]
    [TestCase(new[] { "--username", "x2", "--password", "Password-1", "--role", "Wizard" }, "Role 'Wizard' does not exist (roles: Administrator, Account manager, Application manager, Developer, Consumer).")]
    [TestCase(new[] { "--username", "x3", "--password", "Password-1", "--role", "Consumer", "--account", "nobody" }, "Account 'nobody' does not exist.")]
    [TestCase(new[] { "--username", "x4", "--password", "Password-1", "--account", "examples" }, "--account and --application limit a role: give --role too.")]
    [TestCase(new[] { "--username", "x5", "--password", "Password-1", "--role", "Consumer", "--application", "demo" }, "--application needs --account.")]
    public async Task Bad_input_is_refused_with_a_clear_message_and_nothing_is_created(string[] options, string message)
    {
        var run = await CliRunner.RunAsync(_settings, ["user:create", .. options]);
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((1, $"error: {message}{Environment.NewLine}")));
        var user = await _database.Database.ReadAsync(db => UserMapper.FindByUsernameAsync(db, options[1]));
        Assert.That(user, Is.Null);
    }

    [Test]
    public async Task Username_and_password_are_required()
    {
        var run = await CliRunner.RunAsync(_settings, "user:create", "--username", "nobody");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("--password"));
    }
}
