using ApiStudio.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// The engines of this host by name, and which of them the operator allows (<see cref="ScriptingOptions.Allows"/>):
/// the one place that says whether a script of an engine may be saved and run.
/// </summary>
public sealed class ScriptEngineSet(IEnumerable<IScriptEngine> engines, IOptions<ApiStudioOptions> options)
{
    private readonly Dictionary<string, IScriptEngine> _engines = engines.ToDictionary(e => e.Name);
    private readonly ScriptingOptions _scripting = options.Value.Scripting;

    /// <summary>The engines scripts may be saved for, in the order the studio offers them.</summary>
    public IReadOnlyList<string> Allowed => ScriptEngines.All.Where(e => _engines.ContainsKey(e) && _scripting.Allows(e)).ToList();

    /// <summary>True when scripts of <paramref name="engine"/> may be saved and run here.</summary>
    public bool IsAllowed(string engine) => _engines.ContainsKey(engine) && _scripting.Allows(engine);

    /// <summary>The engine, or a 500 naming it when it is switched off on this host (a script saved before it was).</summary>
    public IScriptEngine For(string engine, string script) =>
        IsAllowed(engine) && _engines.TryGetValue(engine, out var found)
            ? found
            : throw ScriptExceptions.Failed(script, $"the {engine} engine is switched off on this server");

    /// <summary>Why <paramref name="content"/> does not parse or compile in <paramref name="engine"/>; null when it does or the engine is unknown.</summary>
    public ValueTask<ScriptSyntaxError?> CheckAsync(string engine, string content, CancellationToken cancellationToken) =>
        _engines.TryGetValue(engine, out var found) ? found.CheckAsync(content, cancellationToken) : ValueTask.FromResult<ScriptSyntaxError?>(null);

    /// <summary>Drops what every engine prepared for a script.</summary>
    public void Forget(long sid)
    {
        foreach (var engine in _engines.Values)
        {
            engine.Forget(sid);
        }
    }
}
