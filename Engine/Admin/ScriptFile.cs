using System.Globalization;
using System.Text;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// An event script as a file, the form scripts live in beside the resources (and in git):
/// <c>scripts/{account}/{application}/{event name}.{js|cs|mjs|py}</c>. The extension names the engine — <c>.js</c>
/// javascript, <c>.cs</c> csharp, <c>.mjs</c> nodejs, <c>.py</c> python —, the two folders above the file the account
/// and the application, the file name the event name (a <c>*</c> may be written <c>%2A</c>, as <c>export</c> writes
/// it, since some file systems refuse <c>*</c>), and the text is the script.
/// <para>
/// The other settings of a script live in an optional header: the file's first line, a comment in the file's own
/// syntax that starts with <c>apistudio:</c> and holds <c>key=value</c> pairs separated by spaces:
/// </para>
/// <code>
/// // apistudio: is_active=false allow_event_modification=true queue=mail delay=10 tries=3 timeout=60
/// </code>
/// <para>
/// (<c># apistudio: ...</c> in Python). The keys are <c>is_active</c> (true or false, default true),
/// <c>allow_event_modification</c> (true or false, default false), <c>queue</c> (a name), and <c>delay</c>,
/// <c>tries</c> and <c>timeout</c> (whole numbers); a key not given takes its default (the queue settings: none). The
/// header is not part of the script: its engine never sees it. <see cref="Write"/> gives a header only when a setting
/// differs from its default — or when the script's own first line starts like a header, which is kept that way — so
/// that reading what was written gives the same script and settings back.
/// </para>
/// </summary>
public static class ScriptFile
{
    /// <summary>The folder of script files within a resources folder or an export.</summary>
    public const string Folder = "scripts";

    private const string Marker = "apistudio:";

    private static readonly (string Extension, string Engine)[] Kinds =
    [
        (".js", ScriptEngines.JavaScript), (".cs", ScriptEngines.CSharp), (".mjs", ScriptEngines.NodeJs), (".py", ScriptEngines.Python),
    ];

    private static readonly string[] Keys = ["is_active", "allow_event_modification", "queue", "delay", "tries", "timeout"];

    /// <summary>True when the file's extension is a script engine's.</summary>
    public static bool IsScriptFile(string path) => EngineOf(path) is not null;

    /// <summary>
    /// True when <paramref name="path"/> is a script file in its place: <c>.../scripts/{account}/{application}/{file}</c>
    /// (how folders are searched for scripts).
    /// </summary>
    public static bool IsInScriptsFolder(string path)
    {
        var application = Path.GetDirectoryName(Path.GetFullPath(path));
        var account = application is null ? null : Path.GetDirectoryName(application);
        var scripts = account is null ? null : Path.GetDirectoryName(account);
        return IsScriptFile(path) && scripts is not null && Path.GetFileName(scripts) == Folder;
    }

    /// <summary>The engine of a file by its extension, or null.</summary>
    public static string? EngineOf(string path)
    {
        var extension = Path.GetExtension(path);
        return Kinds.FirstOrDefault(k => string.Equals(k.Extension, extension, StringComparison.OrdinalIgnoreCase)).Engine;
    }

    /// <summary>The file name of a script: its event name (<c>*</c> as <c>%2A</c>) and the extension of its engine.</summary>
    public static string FileName(string name, string engine) =>
        name.Replace("*", "%2A", StringComparison.Ordinal) + Kinds.First(k => k.Engine == engine).Extension;

    /// <summary>The path of a script below <paramref name="folder"/>: <c>scripts/{account}/{application}/{file}</c>.</summary>
    public static string PathOf(string folder, string account, string application, string name, string engine) =>
        Path.Combine(folder, Folder, account, application, FileName(name, engine));

    /// <summary>The text of the file of a script: the header when needed, then the script exactly as stored.</summary>
    public static string Write(ScriptRow row)
    {
        var settings = new List<string>();
        if (!row.IsActive)
        {
            settings.Add("is_active=false");
        }
        if (row.AllowEventModification)
        {
            settings.Add("allow_event_modification=true");
        }
        if (row.Queue is { } queue)
        {
            settings.Add($"queue={queue}");
        }
        foreach (var (key, value) in new[] { ("delay", row.Delay), ("tries", row.Tries), ("timeout", row.Timeout) })
        {
            if (value is { } number)
            {
                settings.Add(string.Create(CultureInfo.InvariantCulture, $"{key}={number}"));
            }
        }
        var comment = CommentOf(row.Engine);
        if (settings.Count == 0 && HeaderOf(FirstLine(row.Content), comment) is null)
        {
            return row.Content;
        }
        var header = new StringBuilder(comment).Append(' ').Append(Marker);
        foreach (var setting in settings)
        {
            header.Append(' ').Append(setting);
        }
        return header.Append('\n').Append(row.Content).ToString();
    }

    /// <summary>
    /// Reads a script file: account and application from its folders, event name and engine from its name, settings
    /// from its header. A file that says something it may not (an unknown key, a value of the wrong kind) is refused
    /// with <see cref="ScriptFileException"/> naming the file.
    /// </summary>
    public static ScriptFileContent Read(string path, string text)
    {
        var engine = EngineOf(path) ?? throw new ScriptFileException(path,
            $"not a script file: the extension must be one of {string.Join(", ", Kinds.Select(k => k.Extension))}.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        var application = folder is null ? "" : Path.GetFileName(folder);
        var accountFolder = folder is null ? null : Path.GetDirectoryName(folder);
        var account = accountFolder is null ? "" : Path.GetFileName(accountFolder);
        if (application.Length == 0 || account.Length == 0)
        {
            throw new ScriptFileException(path, $"a script file lies in {Folder}/{{account}}/{{application}}/.");
        }
        var name = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(path));
        var content = text;
        var input = new ScriptInput(null, name, engine, content, true, false);
        var first = FirstLine(text);
        if (HeaderOf(first, CommentOf(engine)) is { } header)
        {
            content = text.Length > first.Length ? text[(first.Length + 1)..] : "";
            input = Settings(path, header, input with { Content = content });
        }
        return new ScriptFileContent(account, application, input);
    }

    private static ScriptInput Settings(string path, string header, ScriptInput input)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            if (!Keys.Contains(key))
            {
                throw new ScriptFileException(path, $"line 1: the header knows {string.Join(", ", Keys)}; got '{key}'.");
            }
            if (!seen.Add(key))
            {
                throw new ScriptFileException(path, $"line 1: '{key}' is given twice in the header.");
            }
            input = key switch
            {
                "is_active" => input with { IsActive = Flag(path, key, value) },
                "allow_event_modification" => input with { AllowEventModification = Flag(path, key, value) },
                "queue" => input with { Queue = value },
                "delay" => input with { Delay = Number(path, key, value) },
                "tries" => input with { Tries = Number(path, key, value) },
                _ => input with { Timeout = Number(path, key, value) },
            };
        }
        return input;
    }

    private static bool Flag(string path, string key, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ScriptFileException(path, $"line 1: '{key}' must be true or false; got '{value}'."),
    };

    private static long Number(string path, string key, string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ScriptFileException(path, $"line 1: '{key}' must be a whole number; got '{value}'.");

    /// <summary>The first line of a text, without its line break (a CR before the LF is kept: it is part of the line).</summary>
    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    /// <summary>What follows <c>apistudio:</c> when <paramref name="line"/> is a header, else null.</summary>
    private static string? HeaderOf(string line, string comment)
    {
        var text = line.TrimEnd('\r').TrimStart();
        if (!text.StartsWith(comment, StringComparison.Ordinal))
        {
            return null;
        }
        text = text[comment.Length..].TrimStart();
        return text.StartsWith(Marker, StringComparison.Ordinal) ? text[Marker.Length..].Trim() : null;
    }

    private static string CommentOf(string engine) => engine == ScriptEngines.Python ? "#" : "//";
}

/// <summary>A script file read: where it belongs and what it holds (<see cref="ScriptInput.Appid"/> not yet known).</summary>
/// <param name="Account">The account (the folder above the application's).</param>
/// <param name="Application">The application (the file's folder).</param>
/// <param name="Script">Event name, engine, content and settings.</param>
public sealed record ScriptFileContent(string Account, string Application, ScriptInput Script);

/// <summary>A script file that cannot be read as one; the message names the file.</summary>
/// <param name="file">The file.</param>
/// <param name="problem">What is wrong.</param>
public sealed class ScriptFileException(string file, string problem) : Exception($"{file}: {problem}")
{
    /// <summary>The file.</summary>
    public string File { get; } = file;
}
