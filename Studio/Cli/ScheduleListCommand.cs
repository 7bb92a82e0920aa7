using System.CommandLine;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// <c>schedule:list [--account A [--application B]]</c>: the scheduled tasks of the configured database, one line each —
/// name, application, cron expression, time zone, active, next run (local time of its zone) and the status of the
/// latest run.
/// </summary>
public static class ScheduleListCommand
{
    private static readonly string[] Header = ["NAME", "APPLICATION", "CRON", "ZONE", "ACTIVE", "NEXT RUN", "LAST STATUS"];

    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var account = new Option<string>("--account") { Description = "Only the tasks of this account." };
        var application = new Option<string>("--application") { Description = "Only the tasks of this application (with --account)." };
        var command = new Command("schedule:list", "List the scheduled tasks with their next run and last status.") { account, application };
        context.SetAction(command, (parsed, cancellationToken) =>
            RunAsync(context, parsed.GetValue(account), parsed.GetValue(application), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? account, string? application, CancellationToken cancellationToken)
    {
        await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
        var tasks = await ScheduleRunCommand.TasksAsync(app.Services.GetRequiredService<Database>(), account, application, cancellationToken);
        var latest = await app.Services.GetRequiredService<Database>().ReadAsync(db => TaskRunMapper.LatestAsync(db, null), cancellationToken);
        var rows = tasks.Select(t =>
        {
            var shape = TaskAdmin.Shape(t.Row, latest.GetValueOrDefault(t.Row.Tid));
            return new[]
            {
                t.Row.Name, t.Application, t.Row.Cron, t.Row.TimeZone, t.Row.Active ? "yes" : "paused",
                shape["next_run"] as string ?? "-", shape["last_status"] as string ?? "-",
            };
        }).ToList();
        if (rows.Count == 0)
        {
            await context.Output.WriteLineAsync("No scheduled tasks.");
            return 0;
        }
        var widths = Header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(Header))
        {
            await context.Output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }
        return 0;
    }
}
