using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Http;

/// <summary>
/// Runs a queued event script (kind <c>script</c>) over the event its job holds, through <c>RequestScripts.RunAsync</c>
/// as every event script runs, with <c>platform.api</c> acting as the caller who made the call. The script runs as it is saved when the job runs
/// (its current version, read from the database, so a fix reaches the jobs still waiting and their retries); a script
/// deleted, switched off or renamed out of the queued phase meanwhile fails the job, saying so, as does a caller who may
/// no longer act. A script that throws fails the attempt (retried while its tries last); what it returns is the job's
/// result, <c>{"result": ...}</c>.
/// </summary>
public sealed class ScriptJobHandler(ResourceRegistry registry, Database database, RequestScripts scripts, QueuedCallers callers) : IJobHandler
{
    /// <inheritdoc />
    public string Kind => QueuedScripts.Kind;

    /// <inheritdoc />
    public async Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = QueuedPayload.Read(job);
        if (payload.GetValueOrDefault("refused") is string refused)
        {
            throw new InvalidOperationException(refused);
        }
        var app = await QueuedPayload.ApplicationAsync(registry, job, cancellationToken).ConfigureAwait(false);
        var sid = QueuedPayload.Long(payload, "sid");
        var row = await database.ReadAsync(db => ScriptMapper.FindByIdAsync(db, sid), cancellationToken).ConfigureAwait(false);
        if (row is null || row.Appid != app.Appid)
        {
            throw new InvalidOperationException($"Script {sid} was deleted: the queued script does not run.");
        }
        if (!row.IsActive)
        {
            throw new InvalidOperationException($"Script {sid} ({row.Name}) is switched off (is_active is false): it does not run.");
        }
        if (EventScript.From(row) is not { Phase: ScriptPhases.Queued })
        {
            throw new InvalidOperationException($"Script {sid} is now '{row.Name}', no longer a queued script: it does not run.");
        }
        var evt = payload.GetValueOrDefault("event") as Map ?? throw new InvalidOperationException("The job's payload lacks the event.");
        var acting = await callers.ActAsync(QueuedCaller.From(payload.GetValueOrDefault("caller")), app, cancellationToken).ConfigureAwait(false);
        var session = scripts.BeginQueued(app, evt, acting, payload.GetValueOrDefault("client_address") as string,
            (int)(payload.GetValueOrDefault("depth") as long? ?? 0));
        var outcome = await scripts.RunAsync(row.Engine, new ScriptSource(row.Sid, row.Version, row.Name, row.Content), evt, session,
            cancellationToken, eventChangesCount: false).ConfigureAwait(false);
        return outcome.Result is null ? null : PlainJson.Serialize(new Map { ["result"] = outcome.Result });
    }
}
