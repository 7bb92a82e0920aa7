using System.Globalization;
using System.Text;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Processors.Variables;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Admin;

/// <summary>
/// What the admin processors share: their input declarations, reading optional values (undefined → null, so the
/// admin validators report every missing value at once) and reaching the admin services of the host.
/// </summary>
public static class AdminNode
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>An id input; undefined is accepted where the value comes from the request and is checked with the others.</summary>
    public static InputSpec Id(string name, string description, bool required = false) =>
        new(name, description) { Min = required ? 1 : 0, LimitTypes = [DataType.Integer, DataType.Undefined] };

    /// <summary>A text input (undefined accepted and reported by the admin validators when required).</summary>
    public static InputSpec Text(string name, string description, bool required = false) =>
        new(name, description) { Min = required ? 1 : 0, LimitTypes = [DataType.Text, DataType.Undefined] };

    /// <summary>A boolean input.</summary>
    public static InputSpec Flag(string name, string description) =>
        new(name, description) { LimitTypes = [DataType.Boolean, DataType.Undefined] };

    /// <summary>The application settings inputs: <c>wrap</c> and <c>cors_origins</c>.</summary>
    public static InputSpec[] Settings { get; } =
    [
        Flag("wrap", "Wrap responses in {\"result\": ..., \"data\": ...} (default true)."),
        new("cors_origins", "Origins allowed by CORS: a list, or text separated by commas ('*' for any; empty for none).")
        {
            LimitTypes = [DataType.Array, DataType.Text, DataType.Undefined],
        },
    ];

    /// <summary>An application's inputs: account, name and settings (null where not given).</summary>
    public static ApplicationInput Application(NodeContext context)
    {
        var origins = context.Val("cors_origins");
        List<string>? corsOrigins = origins.Type switch
        {
            DataType.Undefined => null,
            DataType.Array when origins.Data is List<object?> items => items.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture) ?? "").ToList(),
            DataType.Array => throw context.Error("'cors_origins' must be a list of origins, not a map."),
            _ => origins.AsText(context.NodeId).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        };
        return new ApplicationInput(OptionalId(context, "accid"), OptionalText(context, "name"), OptionalFlag(context, "wrap"), corsOrigins);
    }

    /// <summary>The user inputs: user name, e-mail, password and active flag (required ones for creating).</summary>
    public static InputSpec[] User(bool creating) =>
    [
        Text("username", "The user name: at least 3 letters, digits, '_', '-', '.' or '@'.", required: creating),
        Text("email", "The e-mail address."),
        Text("password", "The password: at least 10 characters with a lower-case letter, an upper-case letter and a digit. Stored hashed, never returned.",
            required: creating),
        Flag("active", creating ? "False when the user may not sign in (default true)." : "False when the user may not sign in."),
    ];

    /// <summary>A user's inputs (null where not given).</summary>
    public static UserInput UserInput(NodeContext context) => new(OptionalText(context, "username"), OptionalText(context, "email"),
        OptionalText(context, "password"), OptionalFlag(context, "active"));

    /// <summary>A grant's inputs: user, role, account and application (null where not given).</summary>
    public static UserRoleInput Grant(NodeContext context) => new(OptionalId(context, "uid"), OptionalId(context, "rid"), null,
        OptionalId(context, "accid"), OptionalId(context, "appid"));

    /// <summary>A whole number input (undefined accepted: the setting keeps its value or stays unset).</summary>
    public static InputSpec Number(string name, string description) =>
        new(name, description) { LimitTypes = [DataType.Integer, DataType.Undefined] };

    /// <summary>The script inputs after <c>appid</c> (create) or <c>sid</c> (update): event name, engine, content and settings.</summary>
    public static InputSpec[] Script(bool creating) =>
    [
        Text("name", "The event name: {application}.{uri segments}.{method}.{pre_process|post_process|queued}, e.g. " +
            "shop.orders.{id}.get.pre_process ('{name}' and '*' allowed as segments, '*' as the method).", required: creating),
        Text("engine", creating
            ? "javascript (default), csharp, nodejs or python; C#, Node.js and Python are trusted code the operator may switch off."
            : "javascript, csharp, nodejs or python; C#, Node.js and Python are trusted code the operator may switch off."),
        Text("content", "The script's source text (at most 1 MiB); its engine must parse or compile it.", required: creating),
        Flag("is_active", creating ? "False to keep the script without running it (default true)." : "False to keep the script without running it."),
        Flag("allow_event_modification", creating
            ? "True when the script's changes to the event take effect (default false)."
            : "True when the script's changes to the event take effect."),
        Text("queue", "The queue of a queued script: letters, digits, '_', '-' and '.'."),
        Number("delay", "Seconds a queued script waits before it runs (0 or more)."),
        Number("tries", "Attempts of a queued script (at least 1)."),
        Number("timeout", "Seconds a queued script may run (at least 1)."),
    ];

    /// <summary>A script's inputs (null where not given; <paramref name="appid"/> from the node on create, null on update).</summary>
    public static ScriptInput ScriptInput(NodeContext context, long? appid) => new(appid, OptionalText(context, "name"),
        OptionalText(context, "engine"), OptionalText(context, "content"), OptionalFlag(context, "is_active"),
        OptionalFlag(context, "allow_event_modification"), OptionalText(context, "queue"), OptionalId(context, "delay"),
        OptionalId(context, "tries"), OptionalId(context, "timeout"));

    /// <summary>The filters of a job list (null where not given; absent inputs are undefined).</summary>
    public static JobQuery JobQuery(NodeContext context) => new(OptionalId(context, "appid"), OptionalText(context, "queue"),
        OptionalText(context, "status"), OptionalId(context, "limit"), OptionalId(context, "before"));

    /// <summary>A var store key input: text or an integer (read as text), as the <c>var_store_*</c> processors take it.</summary>
    public static InputSpec VariableKey(string description, bool required = false) =>
        new("key", description) { Min = required ? 1 : 0, LimitTypes = [DataType.Text, DataType.Integer, DataType.Undefined] };

    /// <summary>The <c>val</c> input as the JSON text the var store holds, or null when absent or undefined (files are refused).</summary>
    public static string? VariableValue(NodeContext context)
    {
        var value = context.Val("val");
        return value.IsUndefined ? null : VarStore.Serialize(context, value);
    }

    /// <summary>A resource document input: the text (YAML or JSON), an uploaded file, or a parsed JSON object.</summary>
    public static InputSpec Document { get; } = new("resource",
        "The resource document: YAML or JSON text, an uploaded file, or a JSON object. When absent or undefined the " +
        "request's upload in the multipart field 'resource_file' is used, else the raw request body.")
    {
        LimitTypes = [DataType.Text, DataType.File, DataType.Array, DataType.Json, DataType.Undefined],
    };

    /// <summary>The host service <typeparamref name="T"/>; a configuration error (code 8) in a bare engine.</summary>
    public static T Service<T>(NodeContext context) where T : notnull =>
        context.Evaluation.Services is { } services
            ? services.GetRequiredService<T>()
            : throw new ApiException($"Processor {context.Node.Processor.MachineName} needs the ApiStudio host's services.",
                ErrorCodes.Configuration, context.NodeId, 500);

    /// <summary>The text of an input, or null when absent or undefined.</summary>
    public static string? OptionalText(NodeContext context, string name)
    {
        var value = context.Val(name);
        return value.IsUndefined ? null : value.AsText(context.NodeId);
    }

    /// <summary>The integer of an input, or null when absent or undefined.</summary>
    public static long? OptionalId(NodeContext context, string name)
    {
        var value = context.Val(name);
        return value.IsUndefined ? null : value.AsInteger(context.NodeId);
    }

    /// <summary>The boolean of an input, or null when absent or undefined.</summary>
    public static bool? OptionalFlag(NodeContext context, string name)
    {
        var value = context.Val(name);
        return value.IsUndefined ? null : value.AsBoolean(context.NodeId);
    }

    /// <summary>The id of a required input (its declaration makes it an integer).</summary>
    public static long RequiredId(NodeContext context, string name) =>
        OptionalId(context, name) ?? throw context.Error($"'{name}' is required.");

    /// <summary>A plain result (map, list, bool) as a value.</summary>
    public static DataContainer Result(object value) => DataContainer.FromPlain(value);

    /// <summary>
    /// The resource document of the <c>resource</c> input, else of the request (upload <c>resource_file</c>, else the
    /// raw body), with its format when the file name or content type tells it (null: detect from the text).
    /// </summary>
    public static (string? Text, DocumentFormat? Format, string Source) ResourceDocument(NodeContext context)
    {
        var value = context.Val("resource");
        switch (value.Type)
        {
            case DataType.Undefined:
                break;
            case DataType.File:
                return FromFile(context, (BinaryValue)value.Data!);
            case DataType.Array:
            case DataType.Json:
                return (PlainJson.Serialize(value.ToPlain(context.NodeId)), DocumentFormat.Json, "<resource input>");
            default:
                return (value.AsText(context.NodeId), null, "<resource input>");
        }
        if (context.Request.Files.TryGetValue("resource_file", out var upload))
        {
            return FromFile(context, upload);
        }
        var mediaType = context.Request.ContentType ?? "";
        var json = mediaType.Contains("json", StringComparison.OrdinalIgnoreCase);
        return (context.Request.Body, json ? DocumentFormat.Json : null, "<request body>");
    }

    private static (string? Text, DocumentFormat? Format, string Source) FromFile(NodeContext context, BinaryValue file)
    {
        var name = file.FileName ?? "resource_file";
        DocumentFormat? format = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DocumentFormat.Json
            : name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? DocumentFormat.Yaml
            : null;
        try
        {
            return (StrictUtf8.GetString(file.Content), format, name);
        }
        catch (DecoderFallbackException)
        {
            throw context.Error($"The uploaded file '{name}' is not valid UTF-8 text.");
        }
    }
}
