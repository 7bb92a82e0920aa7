using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scheduling;

/// <summary>How a run ended: its status, the target's HTTP status, the first bytes of its output and why it failed.</summary>
/// <param name="Status"><see cref="TaskRunStatuses.Succeeded"/> or <see cref="TaskRunStatuses.Failed"/>.</param>
/// <param name="StatusCode">The status the target answered, when it ran.</param>
/// <param name="Output">The output excerpt.</param>
/// <param name="Error">Why it failed.</param>
public sealed record TaskOutcome(string Status, long? StatusCode, string? Output, string? Error)
{
    /// <summary>A run that failed for <paramref name="error"/>.</summary>
    public static TaskOutcome Failed(string error, long? statusCode = null) => new(TaskRunStatuses.Failed, statusCode, null, error);
}

/// <summary>
/// Runs a task's target once, as its run-as user, inside the task's application only:
/// <list type="bullet">
/// <item>a resource: <c>method</c> + <c>uri</c> (+ <c>payload</c> as a JSON body) sent in-process through the whole
/// pipeline of the task's application with a token minted for the run-as user, so the resource's own security decides
/// (a user without access fails the run with the resource's status);</item>
/// <item>a script of the same application: run once over an event whose request carries the payload and, in its
/// parameters, the task's name and fire time; <c>platform.api</c> calls go out as the run-as user.</item>
/// </list>
/// Before either, the task's author (who last set what it runs) must still be allowed to run it as that user
/// (<see cref="AdminAccess.MayActAs"/>): rights granted to the run-as user later never reach a task its author could
/// not have made. 2xx is success; the output keeps the first <see cref="SchedulerOptions.OutputBytes"/> bytes.
/// </summary>
public sealed class TaskTargets(
    Database database,
    ResourceRegistry registry,
    LocalRequests requests,
    TokenService tokens,
    AdminAccess access,
    ScriptAdmin scripts,
    RequestScripts requestScripts,
    IOptions<SchedulerOptions> options)
{
    /// <summary>Runs <paramref name="task"/>'s target for fire time <paramref name="scheduledFor"/>.</summary>
    public async Task<TaskOutcome> RunAsync(TaskRow task, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        if (!registry.Applications.TryGetValue(task.Appid, out var app))
        {
            return TaskOutcome.Failed($"Application {task.Appid} of the task no longer exists.", 404);
        }
        var (who, refusal) = await RunAsUserAsync(task, cancellationToken).ConfigureAwait(false);
        if (who is null)
        {
            return TaskOutcome.Failed(refusal!, 403);
        }
        return task.Sid is { } sid
            ? await ScriptAsync(task, sid, who, scheduledFor, cancellationToken).ConfigureAwait(false)
            : await ResourceAsync(task, app, who, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run-as user as a caller with the roles they hold now, or why the task may not run as them.</summary>
    private async Task<(Caller? Who, string? Refusal)> RunAsUserAsync(TaskRow task, CancellationToken cancellationToken)
    {
        if (task.RunAs is not { } uid || await tokens.CallerAsync(uid, cancellationToken).ConfigureAwait(false) is not { } who)
        {
            return (null, $"The run-as user {task.RunAs} no longer exists or is inactive.");
        }
        if (task.UpdatedBy == uid)
        {
            return (who, null);
        }
        var author = task.UpdatedBy is { } by ? await tokens.CallerAsync(by, cancellationToken).ConfigureAwait(false) : null;
        var grants = await database.ReadAsync(db => UserRoleMapper.ForUserAsync(db, uid), cancellationToken).ConfigureAwait(false);
        return author is not null && access.MayActAs(author, uid, grants)
            ? (who, null)
            : (null, $"The task's author (user {task.UpdatedBy}) may not run it as user {uid} (any more): that user holds rights the " +
                     "author cannot grant, or the author is gone. Save the task again as someone allowed to.");
    }

    private async Task<TaskOutcome> ResourceAsync(TaskRow task, ApplicationInfo app, Caller who, CancellationToken cancellationToken)
    {
        var body = task.Payload is null ? null : Encoding.UTF8.GetBytes(task.Payload);
        var response = await requests.SendAsAsync(who, app, new LocalRequest
        {
            Method = (task.Method ?? "get").ToUpperInvariant(),
            Path = task.Uri ?? "",
            Body = body,
            ContentType = body is null ? null : "application/json",
        }, cancellationToken).ConfigureAwait(false);
        var output = Excerpt(response.Body);
        return response.Status is >= 200 and < 300
            ? new TaskOutcome(TaskRunStatuses.Succeeded, response.Status, output, null)
            : new TaskOutcome(TaskRunStatuses.Failed, response.Status, output, $"HTTP {response.Status}: {ErrorMessage(response.Body) ?? "the resource answered an error."}");
    }

    private async Task<TaskOutcome> ScriptAsync(TaskRow task, long sid, Caller who, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => ScriptMapper.FindByIdAsync(db, sid), cancellationToken).ConfigureAwait(false);
        if (row is null || row.Appid != task.Appid)
        {
            return TaskOutcome.Failed($"Script {sid} no longer exists in the task's application.", 404);
        }
        if (!row.IsActive)
        {
            return TaskOutcome.Failed($"Script {sid} ({row.Name}) is not active.");
        }
        var request = new Map
        {
            ["parameters"] = new Map { ["task"] = task.Name, ["scheduled_for"] = scheduledFor.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
            ["payload"] = task.Payload is null ? null : PlainJson.Parse(task.Payload),
            ["content"] = task.Payload,
            ["content_type"] = task.Payload is null ? null : "application/json",
        };
        var answer = await scripts.RunAsAsync(who, row, new Map { ["request"] = request }, requestScripts, cancellationToken).ConfigureAwait(false);
        var status = answer.GetValueOrDefault("status_code") switch
        {
            long code => code,
            double code => (long)code,
            string digits when long.TryParse(digits, out var code) => code,
            _ => 200L,
        };
        var text = new StringBuilder(answer.GetValueOrDefault("content") switch
        {
            null => "",
            string content => content,
            var content => PlainJson.Serialize(content),
        });
        foreach (var line in answer.GetValueOrDefault("logs") as List<object?> ?? [])
        {
            text.Append('\n').Append(line);
        }
        var output = Excerpt(Encoding.UTF8.GetBytes(text.ToString()));
        return status is >= 200 and < 300
            ? new TaskOutcome(TaskRunStatuses.Succeeded, status, output, null)
            : new TaskOutcome(TaskRunStatuses.Failed, status, output,
                $"HTTP {status}: {((answer.GetValueOrDefault("content") as Map)?.GetValueOrDefault("error") as Map)?.GetValueOrDefault("message") ?? "the script answered an error."}");
    }

    /// <summary>The first <see cref="SchedulerOptions.OutputBytes"/> bytes as text, cut between characters, with … when cut.</summary>
    private string? Excerpt(byte[] bytes)
    {
        var limit = Math.Max(options.Value.OutputBytes, 0);
        if (bytes.Length <= limit)
        {
            return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);
        }
        var end = limit;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return Encoding.UTF8.GetString(bytes, 0, end) + "…";
    }

    /// <summary>The message of an error envelope (wrapped or raw), or null.</summary>
    private static string? ErrorMessage(byte[] body)
    {
        if (body.Length == 0 || !PlainJson.TryParse(Encoding.UTF8.GetString(body), out var parsed) || parsed is not Map map)
        {
            return null;
        }
        var error = map.GetValueOrDefault("data") as Map ?? map.GetValueOrDefault("error") as Map;
        return error?.GetValueOrDefault("message") as string;
    }
}
