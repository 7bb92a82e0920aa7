using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>
/// Event scripts to and from files (<see cref="ScriptFiles"/>): an import creates, versions or leaves each script,
/// refuses a bad file naming it and imports the others, and an export reads back as the same records.
/// </summary>
public class ScriptFilesTests : AdminWorld
{
    private TempFolder _folder = null!;

    private ScriptFiles Files => Services.GetRequiredService<ScriptFiles>();

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public async Task DeleteFolderAndScripts()
    {
        _folder.Dispose();
        await Database.InTransactionAsync(async db =>
        {
            foreach (var row in await ScriptMapper.AllAsync(db))
            {
                await ScriptMapper.DeleteAsync(db, row.Sid);
            }
        });
    }

    private Task<List<ScriptRow>> StoredAsync() => Database.ReadAsync(ScriptMapper.AllAsync);

    private async Task<List<ScriptImportResult>> ImportAsync(params string[] files)
    {
        var import = Files.BeginImport();
        var results = new List<ScriptImportResult>();
        foreach (var file in files)
        {
            results.Add(await import.ImportAsync(file, CancellationToken.None));
        }
        return results;
    }

    [Test]
    public async Task A_file_creates_a_script_and_importing_it_again_changes_nothing_until_it_changes()
    {
        var file = _folder.Write("scripts/acme/shop/shop.orders.{id}.get.pre_process.js", "// apistudio: queue=mail tries=2\nreturn 1;\n");
        var created = (await ImportAsync(file)).Single();
        Assert.That((created.Outcome, created.Account, created.Application, created.Row!.Appid, created.Row.Name, created.Row.Content,
                created.Row.Queue, created.Row.Tries, created.Row.Version, created.Row.CreatedBy),
            Is.EqualTo(("created", "acme", "shop", Shop, "shop.orders.{id}.get.pre_process", "return 1;\n", "mail", (long?)2, 1L, (long?)null)));

        Assert.That((await ImportAsync(file)).Single().Outcome, Is.EqualTo("unchanged"));
        _folder.Write("scripts/acme/shop/shop.orders.{id}.get.pre_process.js", "// apistudio: queue=mail tries=2\nreturn 2;\n");
        var updated = (await ImportAsync(file)).Single();
        Assert.That((updated.Outcome, updated.Row!.Sid, updated.Row.Version, updated.Row.Content),
            Is.EqualTo(("updated", created.Row.Sid, 2L, "return 2;\n")));
        Assert.That(await StoredAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_bad_file_is_refused_naming_it_and_the_others_are_imported()
    {
        var broken = _folder.Write("scripts/acme/shop/shop.broken.get.pre_process.js", "let a = 1;\nlet b = ;\n");
        var stranger = _folder.Write("scripts/acme/nowhere/nowhere.a.get.pre_process.js", "return 1;");
        var misnamed = _folder.Write("scripts/acme/shop/blog.a.get.pre_process.js", "return 1;");
        var header = _folder.Write("scripts/acme/shop/shop.header.get.pre_process.js", "// apistudio: tries=many\nreturn 1;");
        var good = _folder.Write("scripts/acme/shop/shop.good.get.pre_process.js", "return 1;");
        var results = await ImportAsync(broken, stranger, misnamed, header, good);

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[] { "failed", "failed", "failed", "failed", "created" }));
        Assert.That(results[0].Problems.Single(), Does.StartWith($"{broken}: 'content' is not valid JavaScript: ").And.Contain("(line 2, column"));
        Assert.That(results[1].Problems.Single(), Is.EqualTo($"{stranger}: application 'nowhere' does not exist in account 'acme'; not imported."));
        Assert.That(results[2].Problems.Single(), Does.StartWith($"{misnamed}: 'name' must be an event name such as shop."));
        Assert.That(results[3].Problems.Single(), Is.EqualTo($"{header}: line 1: 'tries' must be a whole number; got 'many'."));
        Assert.That((await StoredAsync()).Select(s => s.Name), Is.EqualTo(new[] { "shop.good.get.pre_process" }));
    }

    [Test]
    public async Task Two_files_of_one_import_for_the_same_event_are_refused()
    {
        var first = _folder.Write("scripts/acme/shop/shop.twice.get.pre_process.js", "return 1;");
        var second = _folder.Write("more/scripts/acme/shop/shop.twice.get.pre_process.js", "return 2;");
        var results = await ImportAsync(first, second);
        Assert.That(results[1].Problems.Single(),
            Is.EqualTo($"{second}: script shop.twice.get.pre_process of acme/shop is also in {first}; not imported."));
    }

    [Test]
    public async Task An_import_into_another_application_renames_the_event()
    {
        var file = _folder.Write("scripts/acme/shop/shop.moved.get.pre_process.js", "return 1;");
        var result = await Files.BeginImport(("acme", "blog")).ImportAsync(file, CancellationToken.None);
        Assert.That((result.Outcome, result.Row!.Appid, result.Row.Name), Is.EqualTo(("created", Blog, "blog.moved.get.pre_process")));
    }

    [Test]
    public async Task Missing_applications_are_created_when_asked()
    {
        var file = _folder.Write("scripts/initech/tps/tps.reports.post.post_process.js", "return 1;");
        var result = await Files.BeginImport(createApplications: true).ImportAsync(file, CancellationToken.None);
        Assert.That((result.Outcome, result.Account, result.Application), Is.EqualTo(("created", "initech", "tps")));
        var owner = await Database.ReadAsync(db => ApplicationMapper.FindByNameAsync(db, "initech", "tps"));
        Assert.That(result.Row!.Appid, Is.EqualTo(owner!.Appid));
    }

    [Test]
    public async Task An_export_imports_back_as_the_same_records()
    {
        var scripts = Services.GetRequiredService<ScriptAdmin>();
        var inputs = new[]
        {
            new ScriptInput(Shop, "shop.orders.*.post.queued", "javascript", "// apistudio: not a header of mine\nreturn 1;",
                IsActive: false, AllowEventModification: true, Queue: "mail", Delay: 0, Tries: 5, Timeout: 30),
            new ScriptInput(Shop, "shop.plain.get.pre_process", null, "return event;\r\n"),
            new ScriptInput(Portal, "portal.x.delete.post_process", "javascript", "", AllowEventModification: true),
        };
        foreach (var input in inputs)
        {
            await scripts.CreateAsync(Admin, input, CancellationToken.None);
        }
        var before = await StoredAsync();

        var exported = await Files.ExportAsync(_folder.Path, null, null, CancellationToken.None);
        Assert.That(exported.Select(e => Path.GetRelativePath(_folder.Path, e.Path).Replace('\\', '/')), Is.EquivalentTo(new[]
        {
            "scripts/acme/shop/shop.orders.%2A.post.queued.js", "scripts/acme/shop/shop.plain.get.pre_process.js",
            "scripts/globex/portal/portal.x.delete.post_process.js",
        }));
        Assert.That(await File.ReadAllTextAsync(exported.Single(e => e.Row.Name == "shop.orders.*.post.queued").Path), Is.EqualTo(
            "// apistudio: is_active=false allow_event_modification=true queue=mail delay=0 tries=5 timeout=30\n// apistudio: not a header of mine\nreturn 1;"));
        Assert.That((await Files.ExportAsync(Path.Combine(_folder.Path, "portal"), "globex", "portal", CancellationToken.None)).Select(e => e.Row.Name),
            Is.EqualTo(new[] { "portal.x.delete.post_process" }));

        await DeleteFolderScriptsOnlyAsync();
        var results = await ImportAsync([.. ScriptFiles.Find(_folder.Path).Where(f => !f.Contains("portal" + Path.DirectorySeparatorChar + "scripts", StringComparison.Ordinal))]);
        Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo("created"), string.Join("\n", results.SelectMany(r => r.Problems)));
        var after = await StoredAsync();
        Assert.That(after.Select(Record), Is.EquivalentTo(before.Select(Record)));

        var again = await ImportAsync([.. exported.Select(e => e.Path)]);
        Assert.That(again.Select(r => r.Outcome), Is.All.EqualTo("unchanged"));
    }

    private static string Record(ScriptRow row) =>
        $"{row.Appid}|{row.Name}|{row.Engine}|{row.Content}|{row.IsActive}|{row.AllowEventModification}|{row.Queue}|{row.Delay}|{row.Tries}|{row.Timeout}";

    private Task DeleteFolderScriptsOnlyAsync() => Database.InTransactionAsync(async db =>
    {
        foreach (var row in await ScriptMapper.AllAsync(db))
        {
            await ScriptMapper.DeleteAsync(db, row.Sid);
        }
    });
}
