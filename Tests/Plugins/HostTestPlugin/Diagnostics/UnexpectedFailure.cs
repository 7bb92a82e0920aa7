using ApiStudio.Engine.Processing;

namespace ApiStudio.HostTestPlugin.Diagnostics;

/// <summary>Fails with a plain CLR exception carrying a secret: what a buggy plugin does.</summary>
public sealed class UnexpectedFailure : Processor
{
    /// <summary>Text that must never reach a client.</summary>
    public const string Secret = "Server=db.internal;Password=hunter2";

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new("Unexpected failure", "Throws an InvalidOperationException.")
    {
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) =>
        throw new InvalidOperationException($"Could not connect: {Secret}");
}
