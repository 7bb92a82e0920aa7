using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Support.Duplicates;

/// <summary>
/// A processor whose machine name clashes with a built-in one, to prove the catalogue refuses clashes. Internal, so
/// that catalogues discovering the test assembly never pick it up.
/// </summary>
internal sealed class Concatenate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Clash", "Clashes with the built-in concatenate.");

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => DataContainer.Undefined;
}
