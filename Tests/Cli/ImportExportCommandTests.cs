using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary><c>apistudio import</c> and <c>apistudio export</c> over a real database (SQLite or PostgreSQL).</summary>
public class ImportExportCommandTests
{
    private TestDatabase _database = null!;
    private TempFolder _folder = null!;
    private Dictionary<string, string?> _settings = null!;

    [SetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _folder = new TempFolder();
        _settings = CliRunner.Settings(_database);
    }

    [TearDown]
    public async Task Delete()
    {
        _folder.Dispose();
        await _database.DisposeAsync();
    }

    private Task<List<ResourceRow>> StoredAsync() => _database.Database.ReadAsync(ResourceMapper.AllAsync);

    [Test]
    public async Task Import_saves_every_file_and_reports_each()
    {
        var folder = _folder.CopyExamples();
        var run = await CliRunner.RunAsync(_settings, "import", folder);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"created   {Path.Combine(folder, "greeting.yaml")} -> GET examples/demo/greeting (resource "));
        Assert.That(run.Output, Does.Contain("10 imported, 0 failed."));
        var stored = await StoredAsync();
        Assert.That(stored.Select(r => $"{r.Method} {r.Uri}"), Is.EquivalentTo(new[]
        {
            "get calculator/quadratic", "get greeting", "post orders/line-total", "get weekday", "get planets",
            "get developer-note", "get todo", "get todo/{key}", "post todo/{key}", "delete todo/{key}",
        }));
        Assert.That(stored.Single(r => r.Uri == "greeting").Document,
            Is.EqualTo(File.ReadAllText(Path.Combine(folder, "greeting.yaml"))));
    }

    [Test]
    public async Task Import_prints_the_warnings_of_a_file_it_stores()
    {
        var file = _folder.Write("echo.yaml", CliDocuments.CachedBodyReader("echo"));
        var run = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"created   {file} -> GET examples/demo/echo"));
        Assert.That(run.Output, Does.Contain($"warning   {file}: node 'raw': not cached (ttl 60 is ignored): var_body reads the request body"));
        Assert.That(run.Output, Does.Contain("1 imported, 0 failed."));
    }

    [Test]
    public async Task Importing_again_keeps_unchanged_files_and_versions_changed_ones()
    {
        var file = _folder.Write("value.yaml", CliDocuments.Literal("value", "one"));
        Assert.That((await CliRunner.RunAsync(_settings, "import", file)).ExitCode, Is.EqualTo(0));
        var again = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(again.Output, Does.StartWith($"unchanged {file} -> GET examples/demo/value (resource ").And.Contain("version 1)"));

        _folder.Write("value.yaml", CliDocuments.Literal("value", "two"));
        var changed = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(changed.ExitCode, Is.EqualTo(0), changed.ToString());
        Assert.That(changed.Output, Does.StartWith($"updated   {file}").And.Contain("version 2)"));
        var stored = (await StoredAsync()).Single();
        Assert.That((stored.Version, stored.Document.Contains("value: two", StringComparison.Ordinal)), Is.EqualTo((2L, true)));
    }

    [Test]
    public async Task An_invalid_file_fails_with_its_errors_and_the_others_are_imported()
    {
        var good = _folder.Write("a_good.yaml", CliDocuments.Literal("good", "fine"));
        var bad = _folder.Write("b_bad.yaml", CliDocuments.Literal("bad", "fine").Replace("processor: var_str", "processor: var_nothing"));
        var run = await CliRunner.RunAsync(_settings, "import", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain($"created   {good}"));
        Assert.That(run.Output, Does.Contain($"failed    {bad}: node 'value'").And.Contain("var_nothing"));
        Assert.That(run.Output, Does.Contain("1 imported, 1 failed."));
        Assert.That((await StoredAsync()).Select(r => r.Uri), Is.EqualTo(new[] { "good" }));
    }

    [Test]
    public async Task An_unknown_application_fails_unless_create_is_given()
    {
        var file = _folder.Write("elsewhere.yaml", CliDocuments.Literal("x", "y", account: "acme", application: "shop"));
        var refused = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Output, Does.Contain($"failed    {file}: input 'application': Application 'shop' does not exist in account 'acme'."));

        var created = await CliRunner.RunAsync(_settings, "import", "--create", file);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        Assert.That(created.Output, Does.Contain("-> GET acme/shop/x"));
    }

    [Test]
    public async Task Account_and_application_options_rewrite_the_header_before_saving()
    {
        var file = _folder.Write("moved.yaml", "# A comment that stays.\n" + CliDocuments.Literal("moved", "here"));
        var run = await CliRunner.RunAsync(_settings, "import", "--account", "acme", "--application", "shop", "--create", file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var stored = (await StoredAsync()).Single();
        Assert.That((stored.AccountName, stored.ApplicationName), Is.EqualTo(("acme", "shop")));
        Assert.That(stored.Document, Does.StartWith("# A comment that stays.\n").And.Contain("account: \"acme\"\napplication: \"shop\"\n"));
        Assert.That(ResourceLoader.Load(stored.Document, "stored").Account, Is.EqualTo("acme"));
    }

    [Test]
    public async Task Account_without_application_is_refused()
    {
        var run = await CliRunner.RunAsync(_settings, "import", "--account", "acme", _folder.CopyExamples());
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((1, $"error: Give both --account and --application, or neither.{Environment.NewLine}")));
    }

    [Test]
    public async Task Two_files_with_one_identity_import_the_first_only()
    {
        var first = _folder.Write("a.yaml", CliDocuments.Literal("same", "a"));
        var second = _folder.Write("b.yaml", CliDocuments.Literal("same", "b"));
        var run = await CliRunner.RunAsync(_settings, "import", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain($"failed    {second}: input 'uri': GET examples/demo/same is also the identity of {first}; not imported."));
        Assert.That((await StoredAsync()).Single().Document, Does.Contain("value: a"));
    }

    [Test]
    public async Task Export_writes_each_stored_document_in_a_folder_per_application()
    {
        Assert.That((await CliRunner.RunAsync(_settings, "import", _folder.CopyExamples())).ExitCode, Is.EqualTo(0));
        var output = Path.Combine(_folder.Path, "exported");
        var run = await CliRunner.RunAsync(_settings, "export", "--out", output);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("10 resources exported to"));
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order().ToList();
        Assert.That(files, Is.EqualTo(new[]
        {
            "examples/demo/calculator_quadratic.get.yaml", "examples/demo/developer-note.get.yaml",
            "examples/demo/greeting.get.yaml", "examples/demo/orders_line-total.post.yaml", "examples/demo/planets.get.yaml",
            "examples/demo/todo_{key}.delete.yaml", "examples/demo/todo_{key}.get.yaml", "examples/demo/todo_{key}.post.yaml",
            "examples/demo/todo.get.yaml", "examples/demo/weekday.get.yaml",
        }));
        Assert.That(File.ReadAllText(Path.Combine(output, "examples/demo/greeting.get.yaml")),
            Is.EqualTo(File.ReadAllText(TestHost.RepositoryFolder("resources/examples/greeting.yaml")).ReplaceLineEndings("\n")));
    }

    [Test]
    public async Task Export_filters_by_account_and_application_and_refuses_unknown_ones()
    {
        Assert.That((await CliRunner.RunAsync(_settings, "import", "--create", _folder.CopyExamples(),
            _folder.Write("other/x.yaml", CliDocuments.Literal("x", "y", account: "acme", application: "shop")))).ExitCode, Is.EqualTo(0));
        var output = Path.Combine(_folder.Path, "exported");
        var run = await CliRunner.RunAsync(_settings, "export", "--out", output, "--account", "acme", "--application", "shop");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName), Is.EqualTo(new[] { "x.get.yaml" }));

        var unknown = await CliRunner.RunAsync(_settings, "export", "--out", output, "--account", "acme", "--application", "nothing");
        Assert.That((unknown.ExitCode, unknown.Error),
            Is.EqualTo((1, $"error: Application 'nothing' does not exist in account 'acme'.{Environment.NewLine}")));
    }

    [Test]
    public async Task Export_requires_out()
    {
        var run = await CliRunner.RunAsync(_settings, "export");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("--out"));
    }

    [Test]
    public async Task Export_then_import_into_another_database_round_trips_the_documents()
    {
        Assert.That((await CliRunner.RunAsync(_settings, "import", "--create", _folder.CopyExamples(),
            _folder.Write("json/doc.json", """{"name": "J", "description": "JSON", "account": "acme", "application": "shop", "uri": "j/{id}", "method": "delete", "ttl": 0, "process": "gone"}"""))).ExitCode,
            Is.EqualTo(0));
        var output = Path.Combine(_folder.Path, "exported");
        Assert.That((await CliRunner.RunAsync(_settings, "export", "--out", output)).ExitCode, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(output, "acme", "shop", "j_{id}.delete.json")), Is.True);

        await using var other = await TestDatabase.CreateAsync();
        var run = await CliRunner.RunAsync(CliRunner.Settings(other), "import", "--create", output);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var before = (await StoredAsync()).Select(r => (r.AccountName, r.ApplicationName, r.Method, r.Uri, r.Format, r.Document)).Order().ToList();
        var after = (await other.Database.ReadAsync(ResourceMapper.AllAsync))
            .Select(r => (r.AccountName, r.ApplicationName, r.Method, r.Uri, r.Format, r.Document)).Order().ToList();
        Assert.That(after, Is.EqualTo(before));
    }
}
