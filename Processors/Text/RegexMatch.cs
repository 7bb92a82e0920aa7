using System.Text.RegularExpressions;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>What a regular expression matches in a text: the first match or all of them, whole or one group.</summary>
public sealed class RegexMatch : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Regex match",
        "Finds the regular expression in the text. Without group: the first match as a map of its groups (\"0\" the whole " +
        "match, then each numbered and named group; null for a group that took no part). With group (a number or a name): " +
        "that group's text. all: true gives the list of every match instead; no match gives undefined (a list: empty). " +
        "Example: text: \"order 42, order 7\", pattern: \"order (?<id>\\d+)\", group: id, all: true → [\"42\", \"7\"].",
        TextValues.Required("text", "The text to search."),
        Patterns.Pattern,
        new InputSpec("group", "The group to return, by number (0 = the whole match) or name; absent = every group as a map.")
        {
            LimitTypes = [DataType.Integer, DataType.Text],
        },
        new InputSpec("all", "Every match, as a list, instead of the first.") { LimitTypes = [DataType.Boolean], Default = false },
        Patterns.IgnoreCase)
    {
        Returns = [DataType.Array, DataType.Text, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var text = TextValues.Of(context, "text");
        var group = context.Val("group");
        var all = context.Val("all").AsBoolean(context.NodeId);
        var nodeId = context.NodeId;
        var node = context;
        return Patterns.Run(context, regex =>
        {
            var name = group.IsUndefined ? null : group.AsText(nodeId);
            if (name is not null && regex.GroupNumberFromName(name) < 0)
            {
                throw new ApiException($"Input 'group': the pattern has no group '{name}' (node '{nodeId}').", ErrorCodes.InvalidInput, nodeId, 400);
            }
            if (!all)
            {
                var match = regex.Match(text);
                return match.Success ? DataContainer.FromPlain(Result(match, name)) : DataContainer.Undefined;
            }
            var matches = new List<object?>();
            long size = 0;
            for (var match = regex.Match(text); match.Success; match = match.NextMatch())
            {
                // Each match is timed on its own: a pattern matching everywhere is bounded by the request's budgets.
                size += ValueSize.OfText(match.Length) * (name is null ? match.Groups.Count : 1) + 64;
                if (matches.Count % 1024 == 1023)
                {
                    node.ThrowIfOverBudget();
                    node.EnsureFits(size);
                }
                matches.Add(Result(match, name));
            }
            return DataContainer.Array(matches);
        });
    }

    private static object? Result(Match match, string? group)
    {
        if (group is not null)
        {
            return match.Groups[group] is { Success: true } found ? found.Value : null;
        }
        var groups = new Map(match.Groups.Count);
        foreach (Group found in match.Groups)
        {
            groups[found.Name] = found.Success ? found.Value : null;
        }
        return groups;
    }
}
