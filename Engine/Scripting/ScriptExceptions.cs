using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// The exceptions every engine gives its scripts, with the same names, statuses and codes everywhere (DreamFactory's
/// list): each takes <c>(message, code)</c>, <c>code</c> defaulting to the status; <c>RestException</c> takes
/// <c>(status, message, code)</c>; <c>BatchException</c> carries per-item results and errors as its context. The
/// engines build their classes from <see cref="All"/> and report what a script threw through <see cref="Thrown"/>,
/// so the status a script chose survives in every engine.
/// </summary>
public static class ScriptExceptions
{
    /// <summary>One exception class: its name, HTTP status and default code (null: the status).</summary>
    public sealed record Kind(string Name, int Status, int? Code = null);

    /// <summary>The name of the exception whose status is the first constructor argument.</summary>
    public const string Rest = "RestException";

    /// <summary>The name of the exception whose context lists per-item results and errors.</summary>
    public const string Batch = "BatchException";

    /// <summary>Every exception class but <see cref="Rest"/>, whose status is given.</summary>
    public static readonly IReadOnlyList<Kind> All =
    [
        new("BadRequestException", 400),
        new("InvalidJsonException", 400),
        new(Batch, 400, 1000),
        new("UnauthorizedException", 401),
        new("ForbiddenException", 403),
        new("NotFoundException", 404),
        new("ConflictResourceException", 409),
        new("TooManyRequestsException", 429),
        new("InternalServerErrorException", 500),
        new("NotImplementedException", 501),
        new("ServiceUnavailableException", 503),
    ];

    /// <summary>
    /// The error of a script that threw: <paramref name="status"/> (400–599, else 500) and <paramref name="code"/>
    /// (the status when null), its message, and the context it carried (a <c>BatchException</c>'s items). A plain
    /// error or a thrown string has no status: 500 with its message.
    /// </summary>
    public static ApiException Thrown(string script, int? status, string? message, long? code = null, object? context = null)
    {
        var http = status is >= 400 and <= 599 ? status.Value : 500;
        var text = string.IsNullOrEmpty(message) ? $"Script {script} failed." : message;
        return new ApiException(text, (int)Math.Clamp(code ?? http, int.MinValue, int.MaxValue), script, http) { Context = context };
    }

    /// <summary>The error of a script the engine had to stop (a limit, a crashed worker): 500 naming the script and why.</summary>
    public static ApiException Failed(string script, string why) =>
        new($"Script {script} failed: {why}.", ErrorCodes.Core, script, 500);

    /// <summary>The status of a named exception class (<see cref="Rest"/> excluded), or null for a name not in the list.</summary>
    public static Kind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The classes as plain values, for engines that define them in their own language at start.</summary>
    public static List<object?> AsPlain() =>
        All.Select(k => (object?)new Map { ["name"] = k.Name, ["status"] = (long)k.Status, ["code"] = k.Code is { } c ? (long)c : null }).ToList();
}
