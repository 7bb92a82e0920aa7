using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary><c>apistudio validate</c>: the one validator over files and folders, with or without a database.</summary>
public class ValidateCommandTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task The_shipped_examples_are_valid_without_a_database()
    {
        var folder = TestHost.RepositoryFolder("resources");
        var run = await CliRunner.RunAsync(null, "validate", folder);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // Every shipped file: the core resources (sign-in and the admin API) and the examples.
        var shipped = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Length;
        Assert.That(shipped, Is.GreaterThan(40));
        Assert.That(run.Output, Does.Not.Contain("warning "), "no shipped resource asks for a ttl it cannot have");
        Assert.That(run.Output, Does.Contain("greeting.yaml").And.Contain("auth_token.yaml").And.Contain("user_role_create.yaml")
            .And.Contain("api_key_create.yaml").And.Contain($"{shipped} valid, 0 invalid."));
    }

    [Test]
    public async Task A_cached_get_that_reads_the_body_is_valid_with_a_warning_naming_the_node()
    {
        var file = _folder.Write("echo.yaml", CliDocuments.CachedBodyReader("echo"));
        var run = await CliRunner.RunAsync(null, "validate", file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"ok      {file}"));
        Assert.That(run.Output, Does.Contain(
            $"warning {file}: node 'raw': not cached (ttl 60 is ignored): var_body reads the request body, which no cache key can cover."));
        Assert.That(run.Output, Does.Contain("1 valid, 0 invalid."));
    }

    [Test]
    public async Task An_invalid_file_is_reported_with_file_node_and_input_and_exit_code_1()
    {
        var good = _folder.Write("good.yaml", CliDocuments.Literal("good", "fine"));
        var bad = _folder.Write("bad.yaml", """
            name: Bad
            description: An input of the wrong type and an unknown processor.
            account: examples
            application: demo
            uri: bad
            method: get
            ttl: 0
            process:
              processor: concatenate
              id: joined
              items:
                - processor: var_get
                  id: name
                  key: name
                  nullable: maybe
                - processor: no_such_thing
                  id: mystery
            """);
        var run = await CliRunner.RunAsync(null, "validate", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain($"ok      {good}"));
        Assert.That(run.Output, Does.Contain($"invalid {bad}: node 'name', input 'nullable': "));
        Assert.That(run.Output, Does.Contain($"invalid {bad}: node 'mystery'").And.Contain("no_such_thing"));
        Assert.That(run.Output, Does.Contain("1 valid, 1 invalid."));
    }

    [Test]
    public async Task A_node_of_a_type_the_input_never_accepts_is_reported()
    {
        var bad = _folder.Write("typed.yaml", TestEngine.Resource(ApiStudio.Tests.Engine.Validation.TypeRuleTests.NumberAsFormula));
        var run = await CliRunner.RunAsync(null, "validate", bad);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain(
            $"invalid {bad}: node 'sum', input 'formula': Input 'formula' accepts text, but node 'number' (var_int) returns integer."));
    }

    [Test]
    public async Task Malformed_yaml_names_the_file_and_position_without_a_stack_trace()
    {
        var broken = _folder.Write("broken.yaml", "name: [unclosed\nuri: x\n");
        var run = await CliRunner.RunAsync(null, "validate", broken);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain($"invalid {broken} (line "));
        Assert.That(run.Output + run.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task A_malformed_tests_section_is_a_validation_error_on_input_tests()
    {
        var file = _folder.Write("tested.yaml", CliDocuments.Literal("tested", "x", extra: """
            tests:
              - name: typo
                expect: {stauts: 200}
            """));
        var run = await CliRunner.RunAsync(null, "validate", file);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain($"{file}: input 'tests': 'tests' item 1 ('typo'): 'expect' has the unknown key 'stauts'"));
    }

    [Test]
    public async Task Two_files_with_one_identity_are_reported()
    {
        var first = _folder.Write("a.yaml", CliDocuments.Literal("same", "a"));
        var second = _folder.Write("b.yaml", CliDocuments.Literal("same", "b"));
        var run = await CliRunner.RunAsync(null, "validate", first, second);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain($"invalid {second}: input 'uri': GET examples/demo/same is also the identity of {first}."));
    }

    [Test]
    public async Task Without_a_database_the_application_is_not_checked_with_one_it_is()
    {
        var file = _folder.Write("elsewhere.yaml", CliDocuments.Literal("x", "y", account: "nobody", application: "nothing"));
        Assert.That((await CliRunner.RunAsync(null, "validate", file)).ExitCode, Is.EqualTo(0));

        await using var database = await TestDatabase.CreateAsync();
        var run = await CliRunner.RunAsync(CliRunner.Settings(database), "validate", "--database", file);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain($"{file}: input 'application': Application 'nothing' does not exist in account 'nobody'."));
    }

    [Test]
    public async Task With_a_database_a_stored_identity_is_not_an_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = CliRunner.Settings(database, TestHost.RepositoryFolder("resources"));
        Assert.That((await CliRunner.RunAsync(settings, "import", TestHost.RepositoryFolder("resources"))).ExitCode, Is.EqualTo(0));
        var run = await CliRunner.RunAsync(settings, "validate", "--database", TestHost.RepositoryFolder("resources"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task A_missing_path_is_a_clear_error()
    {
        var run = await CliRunner.RunAsync(null, "validate", Path.Combine(_folder.Path, "nope"));
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Is.EqualTo($"error: '{Path.Combine(_folder.Path, "nope")}' is neither a file nor a folder.{Environment.NewLine}"));
    }

    [Test]
    public async Task A_folder_without_resource_files_is_an_error()
    {
        _folder.Write("notes.txt", "nothing here");
        var run = await CliRunner.RunAsync(null, "validate", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: No resource files (.yaml, .yml, .json) found in"));
    }
}
