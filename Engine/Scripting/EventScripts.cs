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

    /// <summary>True when the name matches the event parts of a resource (application, uri segments, method).</summary>
    public bool Matches(IReadOnlyList<string> parts) => Match(0, parts, 0);

    private bool Match(int p, IReadOnlyList<string> parts, int t)
    {
        if (p == Pattern.Count)
        {
            return t == parts.Count;
        }
        if (Pattern[p] != "*")
        {
            return t < parts.Count && Pattern[p] == parts[t] && Match(p + 1, parts, t + 1);
        }
        for (var end = t + 1; end <= parts.Count; end++)
        {
            if (Match(p + 1, parts, end))
            {
                return true;
            }
        }
        return false;
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
