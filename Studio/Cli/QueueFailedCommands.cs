using System.CommandLine;
using System.Globalization;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Studio.Cli;

/// <summary>
/// The failed jobs of the configured database, every application's (the operator's view): <c>queue:failed</c> lists
/// them, <c>queue:retry &lt;id...|all&gt;</c> puts them back on their queues, <c>queue:forget &lt;id&gt;</c> deletes one,
/// <c>queue:flush</c> deletes them all. Ids are the jobs' ids, as <c>queue:failed</c> prints them.
/// </summary>
public static class QueueFailedCommands
{
    /// <summary><c>queue:failed [--limit N]</c>.</summary>
    public static Command Failed(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "Most failed jobs listed, newest first (default 1000).", DefaultValueFactory = _ => 1000 };
        var command = new Command("queue:failed", "List the failed jobs.") { limit };
        context.SetAction(command, async (parsed, cancellationToken) =>
        {
            var most = parsed.GetValue(limit);
            if (most < 1)
            {
                throw new CliException("--limit must be at least 1.");
            }
            await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
            var rows = await app.Services.GetRequiredService<FailedJobs>().ListAsync(null, most, null, cancellationToken);
            if (rows.Count == 0)
            {
                await context.Output.WriteLineAsync("No failed jobs.");
                return 0;
            }
            foreach (var row in rows)
            {
                var failedAt = Clock.ToTime(row.FailedAt).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var application = row.Appid is { } appid ? appid.ToString(CultureInfo.InvariantCulture) : "system";
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Id}  {row.Uuid}  {failedAt}  {row.Queue}  {row.Kind}  application {application}  {row.Attempts} attempt(s)  {FirstLine(row.Exception)}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary><c>queue:retry &lt;id...|all&gt;</c>.</summary>
    public static Command Retry(CliContext context)
    {
        var ids = new Argument<string[]>("id") { Description = "Ids of failed jobs, or 'all'.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("queue:retry", "Put failed jobs back on their queues.") { ids };
        context.SetAction(command, async (parsed, cancellationToken) =>
        {
            var given = parsed.GetValue(ids)!;
            var all = given is ["all"];
            var numbers = all ? [] : given.Select(Id).ToList();
            await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
            var failed = app.Services.GetRequiredService<FailedJobs>();
            if (all)
            {
                var count = await failed.RetryAllAsync(null, cancellationToken);
                await context.Output.WriteLineAsync($"{count} failed job(s) queued again.");
                return 0;
            }
            var missing = new List<long>();
            foreach (var id in numbers)
            {
                if (await failed.RetryAsync(id, cancellationToken) is { } job)
                {
                    await context.Output.WriteLineAsync($"Job {id} queued again on {job.Queue}.");
                }
                else
                {
                    missing.Add(id);
                }
            }
            return missing.Count == 0 ? 0 : throw NoSuch(missing);
        });
        return command;
    }

    /// <summary><c>queue:forget &lt;id&gt;</c>.</summary>
    public static Command Forget(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The id of a failed job." };
        var command = new Command("queue:forget", "Delete a failed job.") { id };
        context.SetAction(command, async (parsed, cancellationToken) =>
        {
            var number = Id(parsed.GetValue(id)!);
            await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
            if (!await app.Services.GetRequiredService<FailedJobs>().ForgetAsync(number, cancellationToken))
            {
                throw NoSuch([number]);
            }
            await context.Output.WriteLineAsync($"Failed job {number} deleted.");
            return 0;
        });
        return command;
    }

    /// <summary><c>queue:flush</c>.</summary>
    public static Command Flush(CliContext context)
    {
        var command = new Command("queue:flush", "Delete every failed job.");
        context.SetAction(command, async (_, cancellationToken) =>
        {
            await using var app = await context.OpenDatabaseAsync(false, cancellationToken);
            var count = await app.Services.GetRequiredService<FailedJobs>().FlushAsync(null, cancellationToken);
            await context.Output.WriteLineAsync($"{count} failed job(s) deleted.");
            return 0;
        });
        return command;
    }

    private static long Id(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new CliException($"'{text}' is not a job id (a positive whole number{(text == "all" ? "; 'all' stands alone" : "")}).");

    private static CliException NoSuch(IReadOnlyList<long> ids) =>
        new($"No failed job {string.Join(", ", ids)} (queue:failed lists them).");

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
