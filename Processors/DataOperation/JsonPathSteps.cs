using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Newtonsoft.Json.Linq;

namespace ApiStudio.Processors.DataOperation;

/// <summary>
/// JSONPath for <c>json_path</c> under the request's budgets. Newtonsoft parses the expression and its filters do the
/// matching (its semantics are kept exactly), but they are applied one step and one token at a time, and filter
/// predicates one candidate at a time, so the time budget and the client's cancellation are checked between them and
/// the matches found so far are held against the memory budget. A library call left alone can run unbounded:
/// <c>$..*..*..*</c> grows with the cube of the depth, a predicate with recursive descents with a power of its
/// candidate's size.
/// </summary>
internal static class JsonPathSteps
{
    /// <summary>Most token visits one predicate may make on one candidate; a predicate estimated above is refused.</summary>
    public const long MaxPredicateWork = 20_000_000;

    private const int CheckEvery = 256;

    // Newtonsoft keeps its path machinery internal: reached once through compiled expressions, not per call.
    private static readonly Assembly Library = typeof(JToken).Assembly;
    private static readonly Type PathType = LibraryType("JPath");
    private static readonly Type FilterType = LibraryType("PathFilter");
    private static readonly Type QueryType = LibraryType("QueryFilter");
    private static readonly Type QueryScanType = LibraryType("QueryScanFilter");
    private static readonly Func<string, IList> Parse = CompileParse();
    private static readonly Func<object, JToken, IEnumerable<JToken>, JsonSelectSettings, IEnumerable<JToken>> Execute = CompileExecute();
    private static readonly Func<object, object> ExpressionOfQuery = CompileExpressionOf(QueryType);
    private static readonly Func<object, object> ExpressionOfQueryScan = CompileExpressionOf(QueryScanType);
    private static readonly Func<object, JToken, JToken, JsonSelectSettings, bool> IsMatch = CompileIsMatch();

    /// <summary>
    /// Every match of <paramref name="expression"/> in <paramref name="root"/>, in Newtonsoft's order. A malformed
    /// expression throws Newtonsoft's exception (the caller reports it); the budgets throw their errors.
    /// </summary>
    public static List<JToken> Select(JToken root, string expression, JsonSelectSettings settings, NodeContext context)
    {
        var filters = Parse(expression);
        var predicate = PredicateCost.Of(expression);
        var ticks = 0;
        var current = new List<JToken> { root };
        foreach (var filter in filters)
        {
            var next = new List<JToken>();
            var query = filter.GetType() == QueryType ? ExpressionOfQuery(filter)
                : filter.GetType() == QueryScanType ? ExpressionOfQueryScan(filter)
                : null;
            foreach (var token in current)
            {
                IEnumerable<JToken> found;
                if (query is null)
                {
                    found = Execute(filter, root, [token], settings);
                }
                else
                {
                    // The two query filters, as Newtonsoft writes them, with the predicate checked per candidate.
                    IEnumerable<JToken> candidates = filter.GetType() == QueryType ? token
                        : token is JContainer container ? container.DescendantsAndSelf() : [token];
                    found = Matching(candidates, query, root, predicate, settings, context);
                }
                foreach (var match in found)
                {
                    next.Add(match);
                    if (++ticks % CheckEvery == 0)
                    {
                        Check(context, next.Count);
                    }
                }
                Check(context, next.Count);
            }
            current = next;
        }
        return current;
    }

    private static IEnumerable<JToken> Matching(IEnumerable<JToken> candidates, object query, JToken root,
        PredicateCost predicate, JsonSelectSettings settings, NodeContext context)
    {
        foreach (var candidate in candidates)
        {
            context.ThrowIfOverBudget();
            predicate.Guard(candidate, root, context);
            if (IsMatch(query, root, candidate, settings))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>The time budget, and the list of matches (a reference and a slot each) against the memory budget.</summary>
    private static void Check(NodeContext context, int matches)
    {
        context.ThrowIfOverBudget();
        context.EnsureFits(matches * 2 * ValueSize.Slot);
    }

    /// <summary>The recursive descents inside an expression's filter predicates, and whether they refer to the root.</summary>
    private readonly record struct PredicateCost(int Descents, bool UsesRoot)
    {
        /// <summary>Counts <c>..</c> inside <c>?( )</c>, outside quoted text and regular expressions.</summary>
        public static PredicateCost Of(string expression)
        {
            var descents = 0;
            var usesRoot = false;
            var depth = 0;
            var quote = '\0';
            for (var i = 0; i < expression.Length; i++)
            {
                var c = expression[i];
                if (JsonTokens.Quoted(c, ref quote, slashes: depth > 0))
                {
                    continue;
                }
                if (depth == 0)
                {
                    if (c == '?' && i + 1 < expression.Length && expression[i + 1] == '(')
                    {
                        depth = 1;
                        i++;
                    }
                    continue;
                }
                switch (c)
                {
                    case '(':
                        depth++;
                        break;
                    case ')':
                        depth--;
                        break;
                    case '$':
                        usesRoot = true;
                        break;
                    case '.' when i + 1 < expression.Length && expression[i + 1] == '.':
                        descents++;
                        i++;
                        break;
                }
            }
            return new PredicateCost(descents, usesRoot);
        }

        /// <summary>
        /// Refuses a candidate on which the predicate would make more than <see cref="MaxPredicateWork"/> visits:
        /// each descent can visit every token under the candidate (under the root, when the predicate reads it).
        /// One descent costs at most one walk, like any other step, and is not estimated.
        /// </summary>
        public void Guard(JToken candidate, JToken root, NodeContext context)
        {
            if (Descents < 2)
            {
                return;
            }
            var most = (long)global::System.Math.Pow(MaxPredicateWork, 1.0 / Descents) + 1;
            var size = CountUpTo(UsesRoot ? root : candidate, most, context);
            if (size >= most)
            {
                throw context.Error(
                    $"The JSONPath expression is too costly for this data: its filter searches descendants {Descents} times over " +
                    $"a value of more than {most - 1} items (at most {MaxPredicateWork:N0} steps per item filtered).",
                    ErrorCodes.Core, 422);
            }
        }

        private static long CountUpTo(JToken token, long most, NodeContext context)
        {
            if (token is not JContainer container)
            {
                return 1;
            }
            long count = 0;
            foreach (var _ in container.DescendantsAndSelf())
            {
                if (++count >= most)
                {
                    break;
                }
                if (count % CheckEvery == 0)
                {
                    context.ThrowIfOverBudget();
                }
            }
            return count;
        }
    }

    private static Type LibraryType(string name) =>
        Library.GetType("Newtonsoft.Json.Linq.JsonPath." + name, throwOnError: true)!;

    private static Func<string, IList> CompileParse()
    {
        var text = Expression.Parameter(typeof(string));
        var path = Expression.New(PathType.GetConstructor([typeof(string)])!, text);
        var filters = Expression.Property(path, "Filters");
        return Expression.Lambda<Func<string, IList>>(Expression.Convert(filters, typeof(IList)), text).Compile();
    }

    private static Func<object, JToken, IEnumerable<JToken>, JsonSelectSettings, IEnumerable<JToken>> CompileExecute()
    {
        var filter = Expression.Parameter(typeof(object));
        var root = Expression.Parameter(typeof(JToken));
        var current = Expression.Parameter(typeof(IEnumerable<JToken>));
        var settings = Expression.Parameter(typeof(JsonSelectSettings));
        var call = Expression.Call(Expression.Convert(filter, FilterType), FilterType.GetMethod("ExecuteFilter")!, root, current, settings);
        return Expression.Lambda<Func<object, JToken, IEnumerable<JToken>, JsonSelectSettings, IEnumerable<JToken>>>(
            call, filter, root, current, settings).Compile();
    }

    private static Func<object, object> CompileExpressionOf(Type filterType)
    {
        var filter = Expression.Parameter(typeof(object));
        var field = Expression.Field(Expression.Convert(filter, filterType), "Expression");
        return Expression.Lambda<Func<object, object>>(Expression.Convert(field, typeof(object)), filter).Compile();
    }

    private static Func<object, JToken, JToken, JsonSelectSettings, bool> CompileIsMatch()
    {
        var queryType = LibraryType("QueryExpression");
        var query = Expression.Parameter(typeof(object));
        var root = Expression.Parameter(typeof(JToken));
        var token = Expression.Parameter(typeof(JToken));
        var settings = Expression.Parameter(typeof(JsonSelectSettings));
        var method = queryType.GetMethod("IsMatch", [typeof(JToken), typeof(JToken), typeof(JsonSelectSettings)])!;
        var call = Expression.Call(Expression.Convert(query, queryType), method, root, token, settings);
        return Expression.Lambda<Func<object, JToken, JToken, JsonSelectSettings, bool>>(call, query, root, token, settings).Compile();
    }
}
