using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// One language scripts are written in. An engine checks a script when it is saved (parse or compile, with the
/// engine's message and line) and runs it with the event and platform of one request. It prepares each script
/// version once (<see cref="ScriptSource.Sid"/> and <see cref="ScriptSource.Version"/> name it) and keeps what it
/// prepared until <see cref="Forget"/>.
/// </summary>
public interface IScriptEngine
{
    /// <summary>The engine's name (<see cref="ScriptEngines"/>).</summary>
    string Name { get; }

    /// <summary>Why <paramref name="content"/> does not parse or compile, or null when it does.</summary>
    ValueTask<ScriptSyntaxError?> CheckAsync(string content, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="source"/> once. A script that throws one of <see cref="ScriptExceptions"/> (or a plain
    /// error) and a script that breaks a limit end in an <see cref="Processing.ApiException"/> made by
    /// <see cref="ScriptExceptions"/>: the first with the status it threw, the second a 500 naming the script and the
    /// limit.
    /// </summary>
    Task<ScriptOutcome> RunAsync(ScriptSource source, ScriptRun run);

    /// <summary>Drops what was prepared for a script that was deleted or changed.</summary>
    void Forget(long sid);
}

/// <summary>A stored script at one version; <see cref="Sid"/> 0 for an inline script of the <c>script</c> processor.</summary>
/// <param name="Sid">The script id (0: inline; then <see cref="Name"/> and <see cref="Version"/> identify it).</param>
/// <param name="Version">Counts the script's changes: what is prepared for an older version is stale.</param>
/// <param name="Name">The event name (or the node id of an inline script), for messages and logs.</param>
/// <param name="Content">The script text.</param>
public sealed record ScriptSource(long Sid, long Version, string Name, string Content);

/// <summary>
/// What one run of a script sees. <see cref="Event"/> and <see cref="Platform"/> hold plain values (null, bool, long,
/// double, string, lists, <see cref="Map"/>): <c>event</c> = {request, response, resource} and <c>platform</c> =
/// {config, session} as in DreamFactory; <c>platform.api</c> goes through <see cref="Api"/>. Each engine gives the
/// script <c>event</c> (with <c>setRequest</c> and <c>setResponse</c>), <c>platform</c> (with <c>api</c>),
/// <c>console.log</c>/<c>print</c> into <see cref="Log"/>, the exceptions of <see cref="ScriptExceptions"/>, and each
/// entry of <see cref="Variables"/> as a variable of its own.
/// </summary>
public sealed class ScriptRun
{
    /// <summary>
    /// <c>event</c>: request, response (null before processing), resource. The engine never changes these maps (it
    /// works on its own copy or representation); what the script left comes back in <see cref="ScriptOutcome.Event"/>.
    /// </summary>
    public required Map Event { get; init; }

    /// <summary>
    /// False when changes to the event will not count (a script without <c>allow_event_modification</c>): the engine
    /// may then answer the event it was given in <see cref="ScriptOutcome.Event"/> instead of reading back its own.
    /// </summary>
    public bool EventChangesCount { get; init; } = true;

    private Map? _platform;
    private Func<Map>? _platformSource;

    /// <summary><c>platform</c> without <c>api</c>: config and session (made from <see cref="PlatformSource"/> when first read).</summary>
    public Map Platform
    {
        get => _platform ??= _platformSource?.Invoke() ?? [];
        init => _platform = value;
    }

    /// <summary>Makes <see cref="Platform"/> when an engine first reads it: most scripts never look at it.</summary>
    public Func<Map> PlatformSource
    {
        init => _platformSource = value;
    }

    /// <summary>What <c>platform.api</c> calls.</summary>
    public required IScriptPlatformApi Api { get; init; }

    /// <summary>Extra variables (the <c>vars</c> of the <c>script</c> processor); empty for an event script.</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Map();

    /// <summary>Receives each line the script logs.</summary>
    public required Action<string> Log { get; init; }

    /// <summary>Ends the run when the request is over (client gone, time budget spent).</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>What a run left: the event as the script left it and what it returned (null: nothing).</summary>
/// <param name="Event">The event after the run, plain values; the caller decides whether changes count.</param>
/// <param name="Result">The value the script returned; null when it returned nothing (or null/undefined/None).</param>
public sealed record ScriptOutcome(Map Event, object? Result);

/// <summary><c>platform.api</c>: calls into the host's pipeline (as the caller) or out through the allow-list.</summary>
public interface IScriptPlatformApi
{
    /// <summary>
    /// Calls <paramref name="path"/> with <paramref name="method"/> (lower-case) and answers
    /// <c>{status_code, content, content_type, headers}</c>; <paramref name="options"/> may hold <c>headers</c> and
    /// <c>parameters</c>. A call the host refuses (depth limit, allow-list) throws an ApiException.
    /// </summary>
    Task<Map> CallAsync(string method, string path, object? payload, Map? options, CancellationToken cancellationToken);
}
