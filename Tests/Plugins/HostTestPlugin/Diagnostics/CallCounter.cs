using System.Collections.Concurrent;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.HostTestPlugin.Diagnostics;

/// <summary>Counts its evaluations per name: a side effect that shows whether a resource really ran.</summary>
public sealed class CallCounter : Processor
{
    private static readonly ConcurrentDictionary<string, long> Counts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Call counter",
        "Adds one to the counter of this name and returns the new count.",
        new InputSpec("name", "The counter's name.") { Min = 1, LimitTypes = [DataType.Text] })
    {
        Returns = [DataType.Integer],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        DataContainer.Integer(Counts.AddOrUpdate(context.Val("name").AsText(context.NodeId), 1, (_, count) => count + 1));
}
