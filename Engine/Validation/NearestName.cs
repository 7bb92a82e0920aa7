namespace ApiStudio.Engine.Validation;

/// <summary>
/// The known name a misspelt one was probably meant to be, for "did you mean" hints: the nearest by edits (a letter
/// added, removed, changed, or two swapped), ignoring case and the separators <c>_</c>, <c>-</c> and space, so that
/// <c>var_gte</c>, <c>VarGet</c> and <c>var-get</c> all point at <c>var_get</c>. Far names suggest nothing.
/// </summary>
public static class NearestName
{
    /// <summary>The candidate nearest to <paramref name="name"/> (the first of equals), or null when none is near.</summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        var wanted = Normalize(name);
        // Short names allow one edit, longer ones up to three: "sort" must not suggest "port", but "concatenat" finds "concatenate".
        var allowed = wanted.Length <= 4 ? 1 : wanted.Length <= 8 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return null;
            }
            var distance = Distance(wanted, Normalize(candidate), allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best;
    }

    /// <summary>"; did you mean 'x'?" for the nearest candidate, or an empty text.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Find(name, candidates) is { } nearest ? $"; did you mean '{nearest}'?" : "";

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant));

    /// <summary>Edits from <paramref name="a"/> to <paramref name="b"/> (optimal string alignment), or more than <paramref name="limit"/> when it is past it.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit)
            {
                return limit + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
