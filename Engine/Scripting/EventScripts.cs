using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Scripting;

/// <summary>The phases of a request at which event scripts run.</summary>
public static class ScriptPhases
{
    /// <summary>After security, before the cache and evaluation: may change the request or answer it.</summary>
    public const string PreProcess = "pre_process";

    /// <summary>After evaluation (also after an error): may change or replace the response.</summary>
    public const string PostProcess = "post_process";

    /// <summary>After the response is sent, from the queue.</summary>
    public const string Queued = "queued";
}

/// <summary>An active script attached to an event, with what it takes to run it.</summary>
public sealed class EventScript
{
    private EventScript(ScriptRow row, string[] pattern, string phase)
    {
        Row = row;
        Source = new ScriptSource(row.Sid, row.Version, row.Name, row.Content);
        Pattern = pattern;
        Phase = phase;
        Literals = pattern.Count(p => p != "*");
    }

    /// <summary>The stored script.</summary>
    public ScriptRow Row { get; }

    /// <summary>What the engine runs.</summary>
    public ScriptSource Source { get; }

    /// <summary>The name's parts before the phase: application, uri segments, method (<c>*</c> matches one or more).</summary>
    public IReadOnlyList<string> Pattern { get; }

    /// <summary>The phase the script runs at.</summary>
    public string Phase { get; }

    /// <summary>How specific the name is: its parts that are not <c>*</c>.</summary>
    public int Literals { get; }

    /// <summary>The script as an event script, or null when its name is not an event name.</summary>
    public static EventScript? From(ScriptRow row)
    {
        var parts = row.Name.Split('.');
        return parts.Length < 4 ? null : new EventScript(row, parts[..^1], parts[^1]);
    }

    /// <summary>
    /// True when the name matches the event parts of a resource (application, uri segments, method). A table over
    /// pattern and parts (how far each prefix of the pattern can reach), so a name of many <c>*</c> costs their product
    /// with the parts, never a search that backtracks.
    /// </summary>
    public bool Matches(IReadOnlyList<string> parts)
    {
        // reach[t]: the pattern's parts so far can match exactly the first t parts.
        var reach = new bool[parts.Count + 1];
        reach[0] = true;
        foreach (var pattern in Pattern)
        {
            var next = new bool[parts.Count + 1];
            if (pattern == "*")
            {
                // One or more parts: every t' > t reachable once some t is.
                var any = false;
                for (var t = 0; t < parts.Count; t++)
                {
                    any |= reach[t];
                    next[t + 1] = any;
                }
            }
            else
            {
                for (var t = 0; t < parts.Count; t++)
                {
                    next[t + 1] = reach[t] && parts[t] == pattern;
                }
            }
            reach = next;
        }
        return reach[parts.Count];
    }
}

/// <summary>The scripts that run for one resource, per phase, least specific first.</summary>
public sealed class ResourceEvents
{
    /// <summary>No scripts.</summary>
    public static readonly ResourceEvents None = new([], [], []);

    private ResourceEvents(IReadOnlyList<EventScript> pre, IReadOnlyList<EventScript> post, IReadOnlyList<EventScript> queued)
    {
        PreProcess = pre;
        PostProcess = post;
        Queued = queued;
    }

    /// <summary>Scripts of <c>pre_process</c>.</summary>
    public IReadOnlyList<EventScript> PreProcess { get; }

    /// <summary>Scripts of <c>post_process</c>.</summary>
    public IReadOnlyList<EventScript> PostProcess { get; }

    /// <summary>Scripts of <c>queued</c>.</summary>
    public IReadOnlyList<EventScript> Queued { get; }

    /// <summary>
    /// The active scripts of <paramref name="scripts"/> (one application's) matching a resource's method and uri:
    /// <c>{application}.{uri segments}.{method}.{phase}</c> with <c>{name}</c> segments written literally.
    /// </summary>
    public static ResourceEvents For(IReadOnlyList<EventScript> scripts, string application, string method, string uri)
    {
        if (scripts.Count == 0)
        {
            return None;
        }
        var parts = new List<string> { application };
        parts.AddRange(uri.Split('/', StringSplitOptions.RemoveEmptyEntries));
        parts.Add(method.ToLowerInvariant());
        var matching = scripts.Where(s => s.Matches(parts)).OrderBy(s => s.Literals).ThenBy(s => s.Row.Name, StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
        {
            return None;
        }
        return new ResourceEvents(
            matching.Where(s => s.Phase == ScriptPhases.PreProcess).ToList(),
            matching.Where(s => s.Phase == ScriptPhases.PostProcess).ToList(),
            matching.Where(s => s.Phase == ScriptPhases.Queued).ToList());
    }
}
