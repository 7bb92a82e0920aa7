using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>
/// What the regex processors share: the <c>pattern</c> and <c>ignore_case</c> inputs, compiled patterns kept for
/// reuse, and a match timeout, so that a pattern that backtracks catastrophically on some input (<c>(a+)+$</c>) stops
/// with a clear error instead of holding the host.
/// </summary>
internal static class Patterns
{
    /// <summary>The longest one match may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    // Patterns are usually literals of published resources: a few hundred at most, each parsed once.
    private const int MaxKept = 512;
    private static readonly ConcurrentDictionary<(string Pattern, bool IgnoreCase), Regex> Kept = new();

    /// <summary>The required <c>pattern</c> input.</summary>
    public static InputSpec Pattern => new("pattern",
        ".NET regular expression syntax (as in C#); each match may take at most 1 s.") { Min = 1, LimitTypes = [DataType.Text] };

    /// <summary>The <c>ignore_case</c> input.</summary>
    public static InputSpec IgnoreCase => TextValues.IgnoreCase("matching");

    /// <summary>
    /// Runs <paramref name="work"/> with the node's pattern: an invalid pattern, or a match past the timeout, is a
    /// code 6 / HTTP 400 error naming the node.
    /// </summary>
    public static T Run<T>(NodeContext context, Func<Regex, T> work)
    {
        var pattern = (string)context.Val("pattern").Data!;
        var ignoreCase = context.Val("ignore_case").AsBoolean(context.NodeId);
        Regex regex;
        try
        {
            regex = Kept.TryGetValue((pattern, ignoreCase), out var kept) ? kept : Keep(pattern, ignoreCase);
        }
        catch (ArgumentException ex)
        {
            throw context.Error($"Input 'pattern' is not a valid regular expression: {ex.Message} (node '{context.NodeId}').");
        }
        try
        {
            return work(regex);
        }
        catch (RegexMatchTimeoutException)
        {
            throw context.Error($"The pattern took longer than {MatchTimeout.TotalSeconds:0.###} s to match and was stopped (node '{context.NodeId}').");
        }
    }

    private static Regex Keep(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var regex = new Regex(pattern, options, MatchTimeout);
        if (Kept.Count >= MaxKept)
        {
            Kept.Clear();
        }
        Kept[(pattern, ignoreCase)] = regex;
        return regex;
    }
}
