using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Cli;

/// <summary><c>apistudio schedule:list</c> and <c>schedule:run</c> over a real database (SQLite or PostgreSQL) with the shipped resources.</summary>
public class ScheduleCommandTests
{
    private TestDatabase _database = null!;
    private Dictionary<string, string?> _settings = null!;
    private long _demo;
    private long _other;

    [OneTimeSetUp]
    public async Task Create()
    {
        _database = await TestDatabase.CreateAsync();
        _settings = CliRunner.Settings(_database, TestHost.RepositoryFolder("resources"));
        var seeded = await CliRunner.RunAsync(_settings, "user:create", "--username", "scheduler", "--password", "Scheduler-Password-1");
        Assert.That(seeded.ExitCode, Is.EqualTo(0), seeded.ToString());
        await _database.Database.InTransactionAsync(async db =>
        {
            var admin = (await UserMapper.FindByUsernameAsync(db, "admin"))!.Uid;
            _demo = (await ApplicationMapper.FindByNameAsync(db, "examples", "demo"))!.Appid;
            var account = await AccountMapper.CreateAsync(db, "cli-other");
            _other = (await ApplicationMapper.CreateAsync(db, account.Accid, "twin")).Appid;
            await TaskMapper.CreateAsync(db, _demo, new TaskData("greet", "0 7 * * MON-FRI", "Europe/Berlin", "get", "greeting?name=Cli", null, null,
                true, false, admin), admin);
            await TaskMapper.CreateAsync(db, _demo, new TaskData("dormant", "*/5 * * * *", "UTC", "get", "greeting", null, null, false, false, admin), admin);
            await TaskMapper.CreateAsync(db, _demo, new TaskData("gone", "0 0 1 1 *", "UTC", "get", "no-longer-published", null, null, true, false, admin), admin);
            await TaskMapper.CreateAsync(db, _demo, new TaskData("twin", "0 0 1 1 *", "UTC", "get", "greeting", null, null, true, false, admin), admin);
            await TaskMapper.CreateAsync(db, _other, new TaskData("twin", "0 0 1 1 *", "UTC", "get", "anything", null, null, true, false, admin), admin);
        });
    }

    [OneTimeTearDown]
    public async Task Delete() => await _database.DisposeAsync();

    private Task<List<TaskRunRow>> Runs(long appid, string name) => _database.Database.ReadAsync(async db =>
        await TaskRunMapper.HistoryAsync(db, (await TaskMapper.FindByNameAsync(db, appid, name))!.Tid, 10));

    [Test]
    public async Task Run_runs_the_task_now_and_records_it()
    {
        var run = await CliRunner.RunAsync(_settings, "schedule:run", "greet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Match(@"^examples/demo greet: run \d+ succeeded \(HTTP 200\) in \d+ ms\.\r?\n"));
        Assert.That(run.Output, Does.Contain("Hello, Cli!"));
        var runs = await Runs(_demo, "greet");
        Assert.That(runs.Select(r => (r.Source, r.Status, r.StatusCode)), Is.EqualTo(new[] { ("manual", "succeeded", (long?)200) }));

        var list = await CliRunner.RunAsync(_settings, "schedule:list", "--account", "examples", "--application", "demo");
        var greet = list.Output.Split('\n').Single(l => l.StartsWith("greet ", StringComparison.Ordinal));
        Assert.That(greet, Does.Match(@"^greet\s+examples/demo\s+0 7 \* \* MON-FRI\s+Europe/Berlin\s+yes\s+\d{4}-\d\d-\d\dT07:00:00\+0[12]:00\s+succeeded\s*$"));
    }

    [Test]
    public async Task List_shows_each_task_with_its_zone_next_run_and_last_status()
    {
        var list = await CliRunner.RunAsync(_settings, "schedule:list");
        Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
        var lines = list.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines[0], Does.Match(@"^NAME\s+APPLICATION\s+CRON\s+ZONE\s+ACTIVE\s+NEXT RUN\s+LAST STATUS$"));
        Assert.That(lines.Skip(1).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[0].Trim() + " " + l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim()),
            Is.EqualTo(new[] { "twin cli-other/twin", "dormant examples/demo", "gone examples/demo", "greet examples/demo", "twin examples/demo" }));
        var dormant = lines.Single(l => l.StartsWith("dormant", StringComparison.Ordinal));
        Assert.That(dormant, Does.Match(@"^dormant\s+examples/demo\s+\*/5 \* \* \* \*\s+UTC\s+paused\s+-\s+-$"), "a paused task has no next run");

        var none = await CliRunner.RunAsync(_settings, "schedule:list", "--account", "examples", "--application", "nowhere");
        Assert.That((none.ExitCode, none.Error.Trim()), Is.EqualTo((1, "error: Application 'nowhere' does not exist in account 'examples'.")));
    }

    [Test]
    public async Task A_failed_run_exits_1_with_the_error()
    {
        var run = await CliRunner.RunAsync(_settings, "schedule:run", "gone");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Match(@"^examples/demo gone: run \d+ failed \(HTTP 404\)"));
        Assert.That(run.Error, Does.StartWith("error: HTTP 404: "));
        Assert.That((await Runs(_demo, "gone")).Single().Status, Is.EqualTo("failed"));
    }

    [Test]
    public async Task A_name_in_several_applications_needs_the_application()
    {
        var run = await CliRunner.RunAsync(_settings, "schedule:run", "twin");
        Assert.That((run.ExitCode, run.Error.Trim()), Is.EqualTo((1,
            "error: Several applications have a task named 'twin' (cli-other/twin, examples/demo): give --account and --application.")));
        run = await CliRunner.RunAsync(_settings, "schedule:run", "twin", "--account", "examples", "--application", "demo");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(await Runs(_other, "twin"), Is.Empty);
        Assert.That(await Runs(_demo, "twin"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_task_is_refused()
    {
        var run = await CliRunner.RunAsync(_settings, "schedule:run", "nope");
        Assert.That((run.ExitCode, run.Error.Trim()), Is.EqualTo((1, "error: There is no scheduled task named 'nope'.")));
        run = await CliRunner.RunAsync(_settings, "schedule:run", "greet", "--account", "examples");
        Assert.That((run.ExitCode, run.Error.Trim()), Is.EqualTo((1, "error: Give both --account and --application, or neither.")));
    }
}
