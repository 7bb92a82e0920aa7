using System.Text.RegularExpressions;
using FluentValidation;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// A scheduled task as the admin API receives it; on update the stored values fill what is not given (giving
/// <c>uri</c> or <c>script</c> replaces the other target).
/// </summary>
/// <param name="Appid">Application the task belongs to.</param>
/// <param name="Name">Name, unique within the application.</param>
/// <param name="Cron">Cron expression: 5 fields, or 6 with seconds first.</param>
/// <param name="TimeZone">IANA time zone (default UTC).</param>
/// <param name="Method">Method of the target resource (default get).</param>
/// <param name="Uri">Uri of the target resource within the application, with an optional query.</param>
/// <param name="Payload">The payload as JSON text (null: none).</param>
/// <param name="Script">Target script of the application.</param>
/// <param name="Active">Fires when true (default true).</param>
/// <param name="AllowOverlap">Runs may overlap when true (default false).</param>
/// <param name="RunAs">The user the target runs as (default the caller).</param>
public sealed record TaskInput(long? Appid, string? Name, string? Cron, string? TimeZone, string? Method, string? Uri, string? Payload,
    long? Script, bool? Active = null, bool? AllowOverlap = null, long? RunAs = null);

/// <summary>
/// Task input: the application, a name, and a target — a resource (<c>uri</c>, with a method) or a script, exactly one
/// of them — with a uri that stays a path within the application. What needs the database or the schedule (the cron
/// expression and zone, that the resource or script exists in the application, whom the caller may run it as) is
/// checked by <see cref="TaskAdmin"/> and listed with these.
/// </summary>
public sealed partial class TaskValidator : AdminValidator<TaskInput>
{
    /// <summary>The methods a target resource may have.</summary>
    public static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>The longest payload accepted (64 KiB of JSON).</summary>
    public const int MaximumPayloadLength = 64 * 1024;

    /// <summary>The rules.</summary>
    public TaskValidator()
    {
        Id(t => t.Appid, "appid", required: true);
        Text(t => t.Name, "name", required: true, 100, AdminPatterns.Segment(),
            "'name' may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.");
        RuleFor(t => t.Method)
            .Must(m => m is null || Methods.Contains(m.ToLowerInvariant()))
            .WithMessage(t => $"'method' must be one of {string.Join(", ", Methods)}; got '{t.Method}'.")
            .Must((t, m) => m is null || t.Uri is not null)
            .WithMessage("'method' goes with 'uri': a script target has none.");
        Text(t => t.Uri, "uri", required: false, 1024, TaskUri(),
            "'uri' must be a path within the task's application such as reports/daily?format=json: no leading '/', no scheme or " +
            "host, no '.' or '..' segments, no spaces.");
        RuleFor(t => t)
            .Must(t => t.Uri is null || t.Script is null)
            .WithMessage("Give 'uri' (a resource of the application) or 'script' (a script id of the application), not both.")
            .Must(t => t.Uri is not null || t.Script is not null)
            .WithMessage("A target is required: 'uri' (with 'method', a resource of the application) or 'script' (a script id of the application).");
        RuleFor(t => t.Payload)
            .Must(p => p is null || p.Length <= MaximumPayloadLength)
            .WithMessage("'payload' must be at most 64 KiB of JSON.");
        Id(t => t.Script, "script", required: false);
        Id(t => t.RunAs, "run_as", required: false);
    }

    /// <summary>A relative path: segments without dots-only names, whitespace or a fragment; an optional query.</summary>
    [GeneratedRegex(@"^(?!/)(?![^?]*://)(?!(?:[^?]*/)?\.{1,2}(?:[/?]|$))[^\s#?]+(\?[^\s#]*)?$")]
    private static partial Regex TaskUri();
}
