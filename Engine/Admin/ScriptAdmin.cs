using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// Event scripts of an application: Developer or above there creates, reads, changes and deletes them; a caller
/// holding no role in the application gets 404, any other role 403. A script is checked as a whole before it is
/// written — its event name, its engine (one of <see cref="ScriptEngineSet.Allowed"/>: C#, Node.js and Python may be
/// switched off by the operator) and that its engine parses or compiles it — and every problem is listed at once.
/// A changed or deleted script is forgotten by the engines, so the next run prepares the stored version.
/// </summary>
public sealed class ScriptAdmin(Database database, AdminAccess access, ApplicationAdmin applications, ScriptValidator rules,
    ScriptEngineSet engines, ResourceRegistry registry, TokenService? tokens = null, TimeProvider? time = null)
{
    /// <summary>What a lesser role is refused.</summary>
    private const string Managing = "manage scripts of this application";

    /// <summary>
    /// Announces, in the transaction of a write, that the scripts of <paramref name="appid"/> changed (the other hosts
    /// read them again).
    /// </summary>
    internal Task AnnounceAsync(DbSession db, long appid) => registry.Changes.AnnounceAsync(db, ChangeFeed.Scripts, appid);

    /// <summary>After a write: the engines forget what they prepared for <paramref name="sid"/>, this host attaches the scripts again.</summary>
    internal async Task AppliedAsync(long sid, CancellationToken cancellationToken)
    {
        engines.Forget(sid);
        await registry.ReloadScriptsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a script: <c>{sid, appid, name, engine, content, is_active, ...}</c>.</summary>
    public async Task<Map> CreateAsync(Caller? caller, ScriptInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var app = input.Appid is { } appid && appid > 0 ? await applications.DevelopedAsync(who, appid, Managing, cancellationToken).ConfigureAwait(false) : null;
        var data = await CheckAsync(input with { IsActive = input.IsActive ?? true, AllowEventModification = input.AllowEventModification ?? false },
            app?.Name, cancellationToken).ConfigureAwait(false);
        var row = await database.WriteAsync("create the script", async db =>
        {
            if (await ScriptMapper.FindByNameAsync(db, app!.Appid, data.Name).ConfigureAwait(false) is not null)
            {
                throw AdminErrors.Conflict($"Script ({data.Name}) already exists in application {app.AccountName}/{app.Name}.");
            }
            var created = await ScriptMapper.CreateAsync(db, app.Appid, data, who.Uid).ConfigureAwait(false);
            await AnnounceAsync(db, app.Appid).ConfigureAwait(false);
            return created;
        }, cancellationToken).ConfigureAwait(false);
        await AppliedAsync(row.Sid, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Script(row);
    }

    /// <summary>One script (<paramref name="sid"/>), or the scripts of an application, or of every application the caller develops.</summary>
    public async Task<object> ReadAsync(Caller? caller, long? sid, long? appid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        if (sid is { } id)
        {
            return AdminShapes.Script(await WritableAsync(who, id, "read this script", cancellationToken).ConfigureAwait(false));
        }
        if (appid is { } app)
        {
            await applications.DevelopedAsync(who, app, Managing, cancellationToken).ConfigureAwait(false);
            var rows = await database.ReadAsync(db => ScriptMapper.ForApplicationAsync(db, app), cancellationToken).ConfigureAwait(false);
            return rows.Select(r => (object?)AdminShapes.Script(r)).ToList();
        }
        var all = await database.ReadAsync(ScriptMapper.AllAsync, cancellationToken).ConfigureAwait(false);
        return all.Where(r => access.DevelopsApplication(who, r.Appid))
            .Select(r => (object?)AdminShapes.Script(r)).ToList();
    }

    /// <summary>Changes the fields given (the others keep their values) and counts a version.</summary>
    public async Task<Map> UpdateAsync(Caller? caller, long sid, ScriptInput input, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await WritableAsync(who, sid, "change this script", cancellationToken).ConfigureAwait(false);
        var app = await applications.DevelopedAsync(who, current.Appid, Managing, cancellationToken).ConfigureAwait(false);
        var data = await CheckAsync(new ScriptInput(current.Appid, input.Name ?? current.Name, input.Engine ?? current.Engine,
            input.Content ?? current.Content, input.IsActive ?? current.IsActive, input.AllowEventModification ?? current.AllowEventModification,
            input.Queue ?? current.Queue, input.Delay ?? current.Delay, input.Tries ?? current.Tries, input.Timeout ?? current.Timeout),
            app.Name, cancellationToken).ConfigureAwait(false);
        var row = await database.WriteAsync("change the script", async db =>
        {
            if (data.Name != current.Name && await ScriptMapper.FindByNameAsync(db, current.Appid, data.Name).ConfigureAwait(false) is not null)
            {
                throw AdminErrors.Conflict($"Script ({data.Name}) already exists in application {app.AccountName}/{app.Name}.");
            }
            var updated = await ScriptMapper.UpdateAsync(db, sid, data, who.Uid).ConfigureAwait(false) ?? throw AdminErrors.NotFound("Script", sid);
            await AnnounceAsync(db, updated.Appid).ConfigureAwait(false);
            return updated;
        }, cancellationToken).ConfigureAwait(false);
        await AppliedAsync(sid, cancellationToken).ConfigureAwait(false);
        return AdminShapes.Script(row);
    }

    /// <summary>
    /// A test run for a caller outside a request (the studio): the run's request carries a bearer token signed for the
    /// caller, so <c>platform.api</c> calls go out as they would from the caller's own request. Otherwise as
    /// <see cref="TestRunAsync(Caller?, long, Map?, RequestScripts, EvaluationContext, CancellationToken)"/>.
    /// </summary>
    public async Task<Map> TestRunAsync(Caller? caller, long sid, Map? sample, RequestScripts scripts, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var row = await WritableAsync(who, sid, "run this script", cancellationToken).ConfigureAwait(false);
        return await RunAsAsync(who, row, sample, scripts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a stored script once as <paramref name="who"/> outside a request, with no access check of its own (a test
    /// run checked the caller; a scheduled task checked its run-as user): the run's request carries a bearer token
    /// signed for them, so <c>platform.api</c> calls go out as they would from their own request. Answers as
    /// <see cref="TestRunAsync(Caller?, long, Map?, RequestScripts, EvaluationContext, CancellationToken)"/>.
    /// </summary>
    internal async Task<Map> RunAsAsync(Caller who, ScriptRow row, Map? sample, RequestScripts scripts, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (who.Uid is not null)
        {
            var signer = tokens ?? throw new InvalidOperationException("A run outside a request signs a token for the caller: the host registers no TokenService.");
            headers["Authorization"] = "Bearer " + await signer.CreateAccessTokenAsync(who, (time ?? TimeProvider.System).GetUtcNow()).ConfigureAwait(false);
        }
        using var evaluation = new EvaluationContext(new ApiRequest { Headers = headers }, cancellationToken: cancellationToken) { Caller = who };
        return await RunOnceAsync(row, sample, scripts, evaluation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a stored script once over <paramref name="sample"/> (an event: request, response, resource — what is missing
    /// takes a default) without publishing it anywhere, as the caller: <c>platform.api</c> calls go out with the
    /// caller's credentials. Answers <c>{status_code, content, content_type, logs, duration_ms}</c>; a script that
    /// throws answers its status with the raw error envelope as content.
    /// </summary>
    public async Task<Map> TestRunAsync(Caller? caller, long sid, Map? sample, RequestScripts scripts, EvaluationContext evaluation,
        CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var row = await WritableAsync(who, sid, "run this script", cancellationToken).ConfigureAwait(false);
        return await RunOnceAsync(row, sample, scripts, evaluation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="row"/> once over <paramref name="sample"/> within <paramref name="evaluation"/>.</summary>
    private async Task<Map> RunOnceAsync(ScriptRow row, Map? sample, RequestScripts scripts, EvaluationContext evaluation,
        CancellationToken cancellationToken)
    {
        var app = registry.Applications.GetValueOrDefault(row.Appid) ?? throw AdminErrors.NotFound("Script", row.Sid);
        var session = scripts.Begin(app, evaluation);
        var evt = SampleEvent(sample, (Map)session.Event["request"]!, row);
        var logs = new List<object?>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Map answer;
        try
        {
            var outcome = await scripts.RunAsync(row.Engine, new ScriptSource(row.Sid, row.Version, row.Name, row.Content), evt, session,
                cancellationToken, log: line =>
                {
                    lock (logs)
                    {
                        logs.Add(line);
                    }
                }).ConfigureAwait(false);
            var response = outcome.Event.GetValueOrDefault("response") as Map;
            answer = new Map
            {
                ["status_code"] = response?.GetValueOrDefault("status_code") ?? 200L,
                ["content"] = outcome.Result ?? response?.GetValueOrDefault("content"),
                ["content_type"] = response?.GetValueOrDefault("content_type") ?? "application/json",
                ["event"] = outcome.Event,
            };
        }
        catch (ApiException error) when (!cancellationToken.IsCancellationRequested)
        {
            var status = error.HttpStatus is >= 400 and <= 599 ? error.HttpStatus : 500;
            answer = new Map
            {
                ["status_code"] = (long)status,
                ["content"] = new Map
                {
                    ["error"] = new Map
                    {
                        ["code"] = (long)error.Code, ["context"] = error.Context, ["message"] = error.Message, ["status_code"] = (long)status,
                    },
                },
                ["content_type"] = "application/json",
                ["event"] = null,
            };
        }
        answer["logs"] = logs;
        answer["duration_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 3);
        return answer;
    }

    /// <summary>The event of a test run: the sample's parts over a request to the script's event, as the caller sent it.</summary>
    private static Map SampleEvent(Map? sample, Map callerRequest, ScriptRow row)
    {
        var parts = row.Name.Split('.');
        var method = parts.Length >= 3 && parts[^2] != "*" ? parts[^2].ToUpperInvariant() : "GET";
        var request = new Map
        {
            ["api_version"] = RequestScripts.ApiVersion,
            ["method"] = method,
            ["parameters"] = new Map(),
            ["headers"] = new Map(),
            ["content"] = null,
            ["content_type"] = null,
            ["payload"] = null,
            ["uri"] = string.Join('/', parts.Skip(1).Take(Math.Max(0, parts.Length - 3))),
            ["service"] = callerRequest.GetValueOrDefault("service"),
        };
        if (sample?.GetValueOrDefault("request") is Map given)
        {
            foreach (var (key, value) in given)
            {
                request[key] = value;
            }
        }
        return new Map
        {
            ["request"] = request,
            ["response"] = sample?.GetValueOrDefault("response") as Map,
            ["resource"] = sample?.GetValueOrDefault("resource") as Map ?? new Map(),
        };
    }

    /// <summary>Deletes a script.</summary>
    public async Task<bool> DeleteAsync(Caller? caller, long sid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var current = await WritableAsync(who, sid, "delete this script", cancellationToken).ConfigureAwait(false);
        var deleted = await database.WriteAsync("delete the script", async db =>
        {
            if (!await ScriptMapper.DeleteAsync(db, sid).ConfigureAwait(false))
            {
                throw AdminErrors.NotFound("Script", sid);
            }
            await AnnounceAsync(db, current.Appid).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        await AppliedAsync(sid, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>
    /// What to write, once every rule holds and the engine parses or compiles the content; HTTP 400 listing every
    /// problem otherwise (the engine's message and line among them). <paramref name="applicationName"/> is the first
    /// segment the event name must have (null when the application is unknown: that is reported by itself).
    /// </summary>
    public async Task<ScriptData> CheckAsync(ScriptInput input, string? applicationName, CancellationToken cancellationToken)
    {
        var allowed = engines.Allowed;
        input = input with { ApplicationName = applicationName, AllowedEngines = allowed };
        var engine = input.Engine ?? ScriptEngines.JavaScript;
        var problems = rules.Validate(input).Errors.Select(e => e.ErrorMessage).ToList();
        if (input.Content is { Length: <= ScriptValidator.MaximumContentLength } content && engines.IsAllowed(engine)
            && await engines.CheckAsync(engine, content, cancellationToken).ConfigureAwait(false) is { } syntax)
        {
            problems.Add($"'content' is not valid {ScriptValidator.Label(engine)}: {syntax}.");
        }
        if (problems.Count > 0)
        {
            throw AdminErrors.Invalid(problems);
        }
        return new ScriptData(input.Name!, engine, input.Content!, input.IsActive ?? true, input.AllowEventModification ?? false,
            input.Queue, input.Delay, input.Tries, input.Timeout);
    }

    /// <summary>The script when the caller develops its application; 404/403 otherwise.</summary>
    private async Task<ScriptRow> WritableAsync(Caller who, long sid, string action, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(db => ScriptMapper.FindByIdAsync(db, sid), cancellationToken).ConfigureAwait(false);
        return access.Developed(who, row, row?.Appid ?? 0, "Script", sid, action);
    }
}
