using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Support.TestProcessors;

/// <summary>Returns its literal-only input (<see cref="InputSpec.NodeAllowed"/> false): the rule without host services.</summary>
public sealed class TestLiteralOnly : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Test literal only", "Returns a literal-only input.",
        new InputSpec("fixed", "Must be written in the resource.") { Min = 1, NodeAllowed = false });

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => context.Val("fixed");
}
