using Acornima;
using Acornima.Ast;
using Jint;

namespace ApiStudio.Engine.Scripting;

/// <summary>Why a script does not parse or compile, where: the engine's own message, line and column (1-based).</summary>
/// <param name="Message">The engine's message.</param>
/// <param name="Line">Line of the script.</param>
/// <param name="Column">Column of the line.</param>
public sealed record ScriptSyntaxError(string Message, int Line, int Column)
{
    /// <summary>The message with its place, as the admin API and the studio show it.</summary>
    public override string ToString() => $"{Message} (line {Line}, column {Column})";
}

/// <summary>
/// A JavaScript script parsed once, shared by every engine of the pool (a prepared script is immutable and
/// thread-safe). The text runs as the body of a function, so <c>let</c>/<c>const</c> stay local to one run and a
/// top-level <c>return</c> gives the result.
/// </summary>
public sealed class JavaScriptProgram
{
    // On the script's first line so line numbers stay the script's own; the newline closes a trailing line comment.
    private const string Prefix = "(function () {";
    private const string Suffix = "\n})()";

    private JavaScriptProgram(string name, Prepared<Script> prepared)
    {
        Name = name;
        Prepared = prepared;
    }

    /// <summary>The script's name (its event name), for messages and logs.</summary>
    public string Name { get; }

    internal Prepared<Script> Prepared { get; }

    /// <summary>Parses <paramref name="content"/>; throws <see cref="ScriptSyntaxException"/> when it does not parse.</summary>
    public static JavaScriptProgram Prepare(string name, string content)
    {
        try
        {
            return new JavaScriptProgram(name, Jint.Engine.PrepareScript(Prefix + content + Suffix, name));
        }
        catch (Exception ex) when (FindParseError(ex) is { } parse)
        {
            var column = parse.LineNumber == 1 ? Math.Max(1, parse.Column - Prefix.Length) : parse.Column;
            throw new ScriptSyntaxException(new ScriptSyntaxError(parse.Description, parse.LineNumber, column), ex);
        }
    }

    /// <summary>Why <paramref name="content"/> does not parse, or null when it does.</summary>
    public static ScriptSyntaxError? Check(string content)
    {
        try
        {
            Prepare("check", content);
            return null;
        }
        catch (ScriptSyntaxException ex)
        {
            return ex.Error;
        }
    }

    private static ParseErrorException? FindParseError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is ParseErrorException parse)
            {
                return parse;
            }
        }
        return null;
    }
}

/// <summary>A script that does not parse or compile.</summary>
public sealed class ScriptSyntaxException(ScriptSyntaxError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    /// <summary>Where and why.</summary>
    public ScriptSyntaxError Error { get; } = error;
}
