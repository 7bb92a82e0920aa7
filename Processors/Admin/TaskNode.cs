using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Admin;

/// <summary>What the <c>task_*</c> processors share: the inputs of a scheduled task and reading them.</summary>
public static class TaskNode
{
    /// <summary>The task id input.</summary>
    public static InputSpec Tid { get; } = AdminNode.Id("tid", "The task id.", required: true);

    /// <summary>The task inputs after <c>appid</c> (create) or <c>tid</c> (update).</summary>
    public static InputSpec[] Inputs(bool creating) =>
    [
        AdminNode.Text("name", "The task's name, unique within its application: letters, digits, '_', '-' and '.'.", required: creating),
        AdminNode.Text("cron", "When it runs: 5 fields (minute hour day-of-month month day-of-week, day-of-week 0-7 with 0 and 7 Sunday, " +
            "or MON-SUN), or 6 with seconds first (*/10 * * * * * is every 10 seconds).", required: creating),
        AdminNode.Text("time_zone", "The IANA time zone the expression is read in (default UTC), e.g. Europe/Berlin."),
        AdminNode.Text("method", "The method of the target resource: get (default), post, put, patch or delete."),
        AdminNode.Text("uri", "The target resource: its uri within the task's application, with an optional query (reports/daily?format=json). " +
            "Give it or 'script'; giving one replaces the other."),
        new InputSpec("payload", "JSON sent as the resource's body, or as the script event's payload; an empty text clears it.")
        {
            LimitTypes = [DataType.Array, DataType.Json, DataType.Text, DataType.Integer, DataType.Float, DataType.Boolean, DataType.Undefined],
        },
        AdminNode.Id("script", "The target script: the id of an event script of the task's application. Give it or 'uri'."),
        AdminNode.Flag("active", creating ? "False to create it paused (default true)." : "False pauses it, true resumes it."),
        AdminNode.Flag("allow_overlap", "True: a tick starts a run even while the previous one is still running (default false: the tick is recorded as skipped)."),
        AdminNode.Id("run_as", "The user the target runs as (default: you): yourself, or a user whose every role you may grant."),
    ];

    /// <summary>A task's inputs (null where not given; <paramref name="appid"/> from the node on create, null on update).</summary>
    public static TaskInput Input(NodeContext context, long? appid) => new(appid, AdminNode.OptionalText(context, "name"),
        AdminNode.OptionalText(context, "cron"), AdminNode.OptionalText(context, "time_zone"), AdminNode.OptionalText(context, "method"),
        AdminNode.OptionalText(context, "uri"), Payload(context), AdminNode.OptionalId(context, "script"), AdminNode.OptionalFlag(context, "active"),
        AdminNode.OptionalFlag(context, "allow_overlap"), AdminNode.OptionalId(context, "run_as"));

    /// <summary>The payload as JSON text: null when not given, empty when cleared.</summary>
    private static string? Payload(NodeContext context)
    {
        var value = context.Val("payload");
        return value.Type switch
        {
            DataType.Undefined => null,
            DataType.Text when ((string)value.Data!).Length == 0 => "",
            _ => PlainJson.Serialize(value.ToPlain(context.NodeId)),
        };
    }
}
