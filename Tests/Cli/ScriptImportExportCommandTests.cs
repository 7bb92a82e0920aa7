using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Studio.Hosting;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Cli;

/// <summary>
/// Event script files (<c>scripts/{account}/{application}/{event name}.{js|cs|mjs|py}</c>) through
/// <c>apistudio import</c> and <c>apistudio export</c>, over a real database (SQLite or PostgreSQL): imported with the
/// resources, each reported, a bad file failing by name while the others are imported, and an export that imports
/// back as the same scripts.
/// </summary>
public class ScriptImportExportCommandTests
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

    private static Task<List<ScriptRow>> StoredAsync(TestDatabase database) => database.Database.ReadAsync(ScriptMapper.AllAsync);

    [Test]
    public async Task Import_saves_the_script_files_with_the_resources_and_reports_each()
    {
        var folder = _folder.CopyExamples();
        var script = _folder.Write("examples/scripts/examples/demo/demo.greeting.get.post_process.js",
            "// apistudio: allow_event_modification=true\nevent.response.content += '!';\n");
        var run = await CliRunner.RunAsync(_settings, "import", folder);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"created   {script} -> script examples/demo/demo.greeting.get.post_process (script "));
        Assert.That(run.Output, Does.Contain("11 imported, 0 failed."));
        var stored = (await StoredAsync(_database)).Single();
        Assert.That((stored.Name, stored.Engine, stored.Content, stored.AllowEventModification, stored.Version),
            Is.EqualTo(("demo.greeting.get.post_process", "javascript", "event.response.content += '!';\n", true, 1L)));
    }

    [Test]
    public async Task A_script_file_that_does_not_parse_or_has_no_application_fails_naming_it_and_the_others_are_imported()
    {
        var broken = _folder.Write("scripts/examples/demo/demo.broken.get.pre_process.js", "const a = 1;\nconst = 2;\n");
        var stranger = _folder.Write("scripts/acme/shop/shop.orders.get.pre_process.js", "return 1;");
        var good = _folder.Write("scripts/examples/demo/demo.good.get.pre_process.js", "return 1;");
        var run = await CliRunner.RunAsync(_settings, "import", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain($"failed    {broken}: 'content' is not valid JavaScript: ").And.Contain("(line 2, column"));
        Assert.That(run.Output, Does.Contain($"failed    {stranger}: application 'shop' does not exist in account 'acme'; not imported."));
        Assert.That(run.Output, Does.Contain($"created   {good} -> script examples/demo/demo.good.get.pre_process"));
        Assert.That(run.Output, Does.Contain("1 imported, 2 failed."));
        Assert.That((await StoredAsync(_database)).Select(s => s.Name), Is.EqualTo(new[] { "demo.good.get.pre_process" }));

        var created = await CliRunner.RunAsync(_settings, "import", "--create", stranger);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        Assert.That(created.Output, Does.Contain($"created   {stranger} -> script acme/shop/shop.orders.get.pre_process"));
    }

    [Test]
    public async Task A_script_file_for_an_unknown_application_fails_naming_it()
    {
        var stranger = _folder.Write("scripts/acme/shop/shop.orders.get.pre_process.js", "return 1;");
        var run = await CliRunner.RunAsync(_settings, "import", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Is.EqualTo(
            $"failed    {stranger}: application 'shop' does not exist in account 'acme'; not imported.\n0 imported, 1 failed.\n".ReplaceLineEndings()));
    }

    [Test]
    public async Task Export_writes_each_script_with_its_settings_in_a_header_line()
    {
        await _database.Database.InTransactionAsync(async db =>
        {
            var demo = await ApplicationMapper.FindByNameAsync(db, "examples", "demo");
            if (demo is null)
            {
                var examples = await AccountMapper.FindByNameAsync(db, "examples") ?? await AccountMapper.CreateAsync(db, "examples");
                demo = await ApplicationMapper.CreateAsync(db, examples.Accid, "demo");
            }
            await ScriptMapper.CreateAsync(db, demo.Appid, new ScriptData("demo.*.post.queued", "javascript", "return 1;\n", false, true, "mail", 5, 3, 60), null);
            await ScriptMapper.CreateAsync(db, demo.Appid, new ScriptData("demo.greeting.get.pre_process", "python", "print(1)\n", true, false, null, null, null, null), null);
        });
        var output = Path.Combine(_folder.Path, "exported");
        var run = await CliRunner.RunAsync(_settings, "export", "--out", output, "--account", "examples");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var queued = Path.Combine(output, "scripts", "examples", "demo", "demo.%2A.post.queued.js");
        Assert.That(run.Output, Does.Contain($"exported script examples/demo/demo.*.post.queued -> {queued}").And.Contain("2 scripts exported to"));
        Assert.That(File.ReadAllText(queued), Is.EqualTo(
            "// apistudio: is_active=false allow_event_modification=true queue=mail delay=5 tries=3 timeout=60\nreturn 1;\n"));
        Assert.That(File.ReadAllText(Path.Combine(output, "scripts", "examples", "demo", "demo.greeting.get.pre_process.py")), Is.EqualTo("print(1)\n"));
    }

    [Test]
    public async Task Importing_again_keeps_an_unchanged_script_and_versions_a_changed_one()
    {
        var file = _folder.Write("scripts/examples/demo/demo.value.get.pre_process.js", "// apistudio: tries=2\nreturn 1;\n");
        var first = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var again = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(again.Output, Does.StartWith($"unchanged {file} -> script examples/demo/demo.value.get.pre_process").And.Contain("version 1)"));

        File.WriteAllText(file, File.ReadAllText(file).Replace("tries=2", "tries=3", StringComparison.Ordinal));
        var changed = await CliRunner.RunAsync(_settings, "import", file);
        Assert.That(changed.Output, Does.StartWith($"updated   {file}").And.Contain("version 2)"));
        var stored = (await StoredAsync(_database)).Single();
        Assert.That((stored.Version, stored.Tries), Is.EqualTo((2L, (long?)3)));
    }

    [Test]
    public async Task Export_then_import_into_another_database_gives_the_same_scripts()
    {
        Assert.That((await CliRunner.RunAsync(_settings, "import", "--create",
            _folder.Write("in/scripts/examples/demo/demo.%2A.post.queued.js",
                "// apistudio: is_active=false queue=mail delay=5 tries=3 timeout=60\n// apistudio: the author's own first line\nreturn 1;"),
            _folder.Write("in/scripts/examples/demo/demo.greeting.get.pre_process.js", "return event;\r\n"),
            _folder.Write("in/scripts/acme/shop/shop.orders.{id}.delete.post_process.js", "// apistudio: allow_event_modification=true\n"))).ExitCode,
            Is.EqualTo(0));
        var output = Path.Combine(_folder.Path, "exported");
        var export = await CliRunner.RunAsync(_settings, "export", "--out", output);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        Assert.That(export.Output, Does.Contain("3 scripts exported to"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(output, "scripts"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "scripts/acme/shop/shop.orders.{id}.delete.post_process.js",
            "scripts/examples/demo/demo.%2A.post.queued.js",
            "scripts/examples/demo/demo.greeting.get.pre_process.js",
        }));

        await using var other = await TestDatabase.CreateAsync();
        var run = await CliRunner.RunAsync(CliRunner.Settings(other), "import", "--create", output);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        static async Task<List<string>> Records(TestDatabase database)
        {
            var owners = (await database.Database.ReadAsync(ApplicationMapper.AllAsync)).ToDictionary(a => a.Appid, a => $"{a.AccountName}/{a.Name}");
            return (await StoredAsync(database)).Select(s => $"{owners[s.Appid]}|{s.Name}|{s.Engine}|{s.Content}|{s.IsActive}|" +
                $"{s.AllowEventModification}|{s.Queue}|{s.Delay}|{s.Tries}|{s.Timeout}").Order(StringComparer.Ordinal).ToList();
        }
        Assert.That(await Records(other), Is.EqualTo(await Records(_database)));
        Assert.That((await Records(other)).Count, Is.EqualTo(3));
    }
}
