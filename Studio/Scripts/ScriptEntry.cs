using System.Globalization;
using System.Text.RegularExpressions;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Values;

namespace ApiStudio.Studio.Scripts;

/// <summary>An event script as the Scripts page lists it.</summary>
public sealed record ScriptEntry(long Sid, string Name, string Engine, bool IsActive, bool AllowEventModification, long Version,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The row of the admin service's script shape.</summary>
    public static ScriptEntry From(Map map) => new(
        Convert.ToInt64(map["sid"], CultureInfo.InvariantCulture), map["name"]?.ToString() ?? "", map["engine"]?.ToString() ?? "",
        map["is_active"] is true, map["allow_event_modification"] is true, Convert.ToInt64(map["version"], CultureInfo.InvariantCulture),
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(map["updated_at"], CultureInfo.InvariantCulture)));

    /// <summary>The phase the event name ends with.</summary>
    public string Phase => ScriptEvents.Phase(Name);

    /// <summary>The engine as people write it.</summary>
    public string EngineLabel => ScriptValidator.Label(Engine);
}

/// <summary>
/// What the studio reads from an event name (<c>{application}.{uri segments}.{method}.{phase}</c>) to present a
/// script: its phase, its method, the sample event of a test run and the editor's language. The rules of a valid name
/// are the service's; nothing here decides what may be saved.
/// </summary>
public static partial class ScriptEvents
{
    /// <summary>The phases an event name ends with.</summary>
    public static readonly IReadOnlyList<string> Phases = ["pre_process", "post_process", "queued"];

    /// <summary>The last segment of the name (its phase), or empty.</summary>
    public static string Phase(string? name) => name?.Split('.') is { Length: > 1 } parts ? parts[^1] : "";

    /// <summary>True when the name is of a queued script (its queue fields apply).</summary>
    public static bool IsQueued(string? name) => Phase(name) == "queued";

    /// <summary>The method of the name in upper case (GET when it is <c>*</c> or missing).</summary>
    public static string Method(string? name) =>
        name?.Split('.') is { Length: >= 3 } parts && parts[^2] is { Length: > 0 } method && method != "*" ? method.ToUpperInvariant() : "GET";

    /// <summary>How the phase reads in the list.</summary>
    public static string PhaseText(string phase) => phase switch
    {
        "pre_process" => "Pre-process",
        "post_process" => "Post-process",
        "queued" => "Queued",
        _ => phase,
    };

    /// <summary>The Monaco language of an engine: Node.js scripts are JavaScript.</summary>
    public static string Language(string? engine) => engine switch
    {
        ScriptEngines.CSharp => "csharp",
        ScriptEngines.Python => "python",
        _ => "javascript",
    };

    /// <summary>The name a new script starts from: the application, a resource and the phase to fill in.</summary>
    public static string NewName(string application) => $"{application}.";

    /// <summary>What a new script of an engine starts with.</summary>
    public static string Starter(string? engine) => engine switch
    {
        ScriptEngines.Python => "# event.request, event.response, event.resource; platform.api; print(...) logs a line\n",
        ScriptEngines.CSharp => "// @event.request, @event.response, @event.resource; platform.api; print(...) logs a line\n",
        _ => "// event.request, event.response, event.resource; platform.api; console.log(...) logs a line\n",
    };

    /// <summary>
    /// The sample event of a test run as indented JSON: a request with the name's method, the name's <c>{name}</c>
    /// segments as <c>resource</c>, and a response to reshape for a post-process script.
    /// </summary>
    public static string SampleEvent(string? name)
    {
        var request = new Map
        {
            ["method"] = Method(name),
            ["parameters"] = new Map(),
            ["headers"] = new Map(),
            ["payload"] = new Map(),
        };
        var resource = new Map();
        foreach (var segment in (name ?? "").Split('.'))
        {
            if (segment is ['{', .., '}'] && segment.Length > 2)
            {
                resource[segment[1..^1]] = "1";
            }
        }
        var sample = new Map { ["request"] = request, ["resource"] = resource };
        if (Phase(name) == "post_process")
        {
            sample["response"] = new Map { ["status_code"] = 200L, ["content"] = new Map(), ["content_type"] = "application/json" };
        }
        return PlainJson.Serialize(sample, indented: true);
    }

    /// <summary>Reads a sample event; null with the reason when it is not a JSON object.</summary>
    public static (Map? Sample, string? Error) ReadSample(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new Map(), null);
        }
        if (!PlainJson.TryParse(text, out var value))
        {
            return (null, "The sample event is not valid JSON.");
        }
        return value is Map map ? (map, null) : (null, "The sample event must be a JSON object with request, response and resource.");
    }

    /// <summary>A value shown as text: JSON indented, a string as it is.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string text => PlainJson.TryParse(text, out var parsed) && parsed is Map or List<object?> ? PlainJson.Serialize(parsed, indented: true) : text,
        _ => PlainJson.Serialize(value, indented: true),
    };

    /// <summary>The line (and column) a problem of the service names in the script's content, when it names one.</summary>
    public static (int Line, int Column)? ContentPlace(string problem)
    {
        if (!problem.StartsWith("'content'", StringComparison.Ordinal))
        {
            return null;
        }
        var match = Place().Match(problem);
        return match.Success
            ? (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1)
            : null;
    }

    [GeneratedRegex(@"\(line (\d+)(?:, column (\d+))?\)")]
    private static partial Regex Place();
}

/// <summary>The service's refusals as the Scripts pages show them.</summary>
public static class ScriptErrors
{
    /// <summary>Why the caller cannot reach the scripts of an application (or the message of another error).</summary>
    public static string Refusal(Engine.Processing.ApiException error, string account, string application) => error.HttpStatus switch
    {
        403 => $"Your role on {account}/{application} does not let you see or change its scripts: that takes Developer or above.",
        404 => $"There is no application {account}/{application} or script open to you.",
        _ => string.Join(" ", error.Details ?? [error.Message]),
    };
}
