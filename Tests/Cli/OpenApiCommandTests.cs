using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary><c>apistudio openapi account/application</c> over a real database (SQLite or PostgreSQL).</summary>
public class OpenApiCommandTests
{
    private TestDatabase _database = null!;
    private TempFolder _folder = null!;
    private Dictionary<string, string?> _settings = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _folder = new TempFolder();
        _settings = CliRunner.Settings(_database, TestHost.RepositoryFolder("resources"));
        var seeded = await CliRunner.RunAsync(_settings, "import", TestHost.RepositoryFolder("resources/examples"));
        Assert.That(seeded.ExitCode, Is.EqualTo(0), seeded.ToString());
    }

    [OneTimeTearDown]
    public async Task Delete()
    {
        _folder.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Prints_the_document_of_the_application()
    {
        var run = await CliRunner.RunAsync(_settings, "openapi", "examples/demo");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var document = (Map)PlainJson.Parse(run.Output)!;
        Assert.That(((Map)document["paths"]!).Keys, Is.EqualTo(new[]
        {
            "/calculator/quadratic", "/developer-note", "/greeting", "/orders/line-total", "/planets", "/todo", "/todo/{key}",
            "/weekday/{day}",
        }));
    }

    [Test]
    public async Task Writes_the_document_to_a_file_with_out()
    {
        var file = Path.Combine(_folder.Path, "docs", "demo.json");
        var run = await CliRunner.RunAsync(_settings, "openapi", "examples/demo", "--out", file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"to {file}."));
        Assert.That(((Map)PlainJson.Parse(File.ReadAllText(file))!)["openapi"], Does.StartWith("3.0"));
    }

    [TestCase("examples/nothing", "Application 'nothing' does not exist in account 'examples'.")]
    [TestCase("examples", "'examples' is not account/application.")]
    [TestCase("a/b/c", "'a/b/c' is not account/application.")]
    public async Task A_bad_application_is_a_clear_error(string name, string message)
    {
        var run = await CliRunner.RunAsync(_settings, "openapi", name);
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((1, $"error: {message}{Environment.NewLine}")));
    }
}
