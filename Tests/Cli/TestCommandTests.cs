using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary>
/// <c>apistudio test</c>: the <c>tests:</c> examples run through the real pipeline on a temporary host (its own
/// temporary SQLite database, whatever the configured provider).
/// </summary>
public class TestCommandTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task The_shipped_examples_pass()
    {
        var run = await CliRunner.RunAsync(null, "test", TestHost.RepositoryFolder("resources/examples"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("PASS  ").And.Contain("greeting.yaml: greets the name given"));
        Assert.That(run.Output, Does.Match(@"(?m)^1\d passed, 0 failed\.$"));
    }

    [Test]
    public async Task A_failing_example_is_reported_with_the_difference_and_exit_code_1()
    {
        _folder.Write("echo.yaml", """
            name: Echo
            description: Echoes the query variable word.
            account: tests
            application: cli
            uri: echo/{kind}
            method: get
            ttl: 0
            process:
              processor: concatenate
              id: echo
              items:
                - processor: var_uri
                  id: kind
                  key: kind
                - ":"
                - processor: var_get
                  id: word
                  key: word
            tests:
              - name: echoes
                request: {params: {kind: say}, query: {word: hi}}
                expect: {data: "say:hi"}
              - name: expects the wrong word
                request: {params: {kind: say}, query: {word: hi}}
                expect: {data: "say:bye"}
              - name: expects the wrong status
                request: {params: {kind: say}}
                expect: {status: 200, body_contains: "GET variable (word)"}
            """);
        var run = await CliRunner.RunAsync(null, "test", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain("PASS  ").And.Contain("echo.yaml: echoes"));
        Assert.That(run.Output, Does.Contain("echo.yaml: expects the wrong word").And.Contain("      expected data \"say:bye\", got \"say:hi\""));
        Assert.That(run.Output, Does.Contain("echo.yaml: expects the wrong status").And.Contain("      expected status 200, got 400: "));
        Assert.That(run.Output, Does.Contain("1 passed, 2 failed."));
    }

    [Test]
    public async Task A_file_that_cannot_be_imported_fails_the_run()
    {
        _folder.Write("good.yaml", CliDocuments.Literal("good", "fine", extra: """
            tests:
              - expect: {data: fine}
            """));
        var bad = _folder.Write("bad.yaml", "name: broken\n");
        var run = await CliRunner.RunAsync(null, "test", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain("good.yaml: example 1"));
        Assert.That(run.Output, Does.Contain($"ERROR {bad}: input 'description': 'description' is required."));
        Assert.That(run.Output, Does.Contain("1 passed, 0 failed.").And.Contain("1 files could not be imported"));
    }

    [Test]
    public async Task The_configured_database_is_not_touched()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await CliRunner.RunAsync(CliRunner.Settings(database), "test", TestHost.RepositoryFolder("resources/examples"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var accounts = await database.Database.ReadAsync(ApiStudio.Engine.Storage.Mappers.AccountMapper.AllAsync);
        Assert.That(accounts, Is.Empty);
    }
}
