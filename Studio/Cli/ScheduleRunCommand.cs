using System.CommandLine;
using ApiStudio.Engine.Scheduling;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>schedule:run &lt;name&gt; [--account A --application B]</c>: runs a scheduled task now, paused or not, on the
/// configured database, waits for the end and records the run in its history as any host does (a run still going on a
/// host and a task that does not allow overlap: the run is recorded as skipped). Exit code 0 when it succeeded.
/// </summary>
public static class ScheduleRunCommand
{
    /// <summary>A task with the name of its application (<c>account/application</c>).</summary>
    internal sealed record NamedTask(TaskRow Row, string Application);

    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The task's name." };
        var account = new Option<string>("--account") { Description = "The task's account, when several applications have a task of that name." };
        var application = new Option<string>("--application") { Description = "The task's application (with --account)." };
        var command = new Command("schedule:run", "Run a scheduled task now and record the run.") { name, account, application };
        context.SetAction(command, (parsed, cancellationToken) =>
            RunAsync(context, parsed.GetValue(name)!, parsed.GetValue(account), parsed.GetValue(application), cancellationToken));
        return command;
    }

    /// <summary>The tasks by application and name, of one account or application when given.</summary>
    internal static async Task<List<NamedTask>> TasksAsync(Database database, string? account, string? application,
        CancellationToken cancellationToken)
    {
        if (application is not null && account is null)
        {
            throw new CliException("--application needs --account.");
        }
        var (tasks, applications) = await database.ReadAsync(async db =>
            (await TaskMapper.AllAsync(db), await ApplicationMapper.AllAsync(db)), cancellationToken);
        var names = applications.ToDictionary(a => a.Appid, a => (a.AccountName, a.Name));
        if (account is not null && !applications.Any(a => a.AccountName == account && (application is null || a.Name == application)))
        {
            throw new CliException(application is null
                ? $"Account '{account}' does not exist."
                : $"Application '{application}' does not exist in account '{account}'.");
        }
        return tasks.Where(t => names.ContainsKey(t.Appid))
            .Select(t => new NamedTask(t, $"{names[t.Appid].AccountName}/{names[t.Appid].Name}"))
            .Where(t => account is null || (names[t.Row.Appid].AccountName == account && (application is null || names[t.Row.Appid].Name == application)))
            .OrderBy(t => t.Application, StringComparer.Ordinal).ThenBy(t => t.Row.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<int> RunAsync(CliContext context, string name, string? account, string? application,
        CancellationToken cancellationToken)
    {
        CliTarget.From(account, application);
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var matches = (await TasksAsync(app.Services.GetRequiredService<Database>(), account, application, cancellationToken))
            .Where(t => t.Row.Name == name).ToList();
        var task = matches.Count switch
        {
            0 => throw new CliException(account is null
                ? $"There is no scheduled task named '{name}'."
                : $"There is no scheduled task named '{name}' in {account}/{application}."),
            1 => matches[0],
            _ => throw new CliException($"Several applications have a task named '{name}' ({string.Join(", ", matches.Select(m => m.Application))}): " +
                                        "give --account and --application."),
        };
        var claim = await app.Services.GetRequiredService<TaskRunner>().RunNowAsync(task.Row.Tid, cancellationToken);
        if (claim.Run is not { } run)
        {
            throw new CliException($"Task '{name}' of {task.Application} no longer exists.");
        }
        var line = $"{task.Application} {name}: run {run.Id} {run.Status}" + (run.StatusCode is { } code ? $" (HTTP {code})" : "") +
                   (run.FinishedAt is { } end ? $" in {end - run.StartedAt} ms" : "") + ".";
        await context.Output.WriteLineAsync(line);
        if (run.Error is { } error)
        {
            await context.Error.WriteLineAsync($"error: {error}");
        }
        if (run.Output is { } output)
        {
            await context.Output.WriteLineAsync(output);
        }
        return run.Status == TaskRunStatuses.Succeeded ? 0 : 1;
    }
}
