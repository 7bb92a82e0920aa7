namespace ApiStudio.Engine.Scripting;

/// <summary>The engines a script may be written for.</summary>
public static class ScriptEngines
{
    /// <summary>JavaScript in-process (Jint), sandboxed: the default.</summary>
    public const string JavaScript = "javascript";

    /// <summary>C# (Roslyn scripting): trusted code.</summary>
    public const string CSharp = "csharp";

    /// <summary>Node.js worker processes: trusted code.</summary>
    public const string NodeJs = "nodejs";

    /// <summary>Python 3 worker processes: trusted code.</summary>
    public const string Python = "python";

    /// <summary>Every engine, in the order the studio offers them.</summary>
    public static readonly IReadOnlyList<string> All = [JavaScript, CSharp, NodeJs, Python];
}
