using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Primitive;

/// <summary>A new UUID: random (version 4) or ordered by time (version 7).</summary>
public sealed class Uuid : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "UUID",
        "A new universally unique identifier: version 4 (random) or version 7 (starts with the host clock's time, so " +
        "identifiers sort by creation: good database keys). " +
        "Example: version: 7 → 01900a3e-8c2b-7f3a-9d4e-3b2a1c0d9e8f; format: compact → 32 hex digits without hyphens.",
        new InputSpec("version", "4 (random) or 7 (time-ordered).") { LimitTypes = [DataType.Integer], LimitValues = [4L, 7L], Default = 4L },
        new InputSpec("format", "standard (8-4-4-4-12 hex digits), compact (32 hex digits) or urn (urn:uuid:…).")
        {
            LimitTypes = [DataType.Text], LimitValues = ["standard", "compact", "urn"], Default = "standard",
        })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var uuid = context.Val("version").AsInteger(context.NodeId) == 7
            ? Guid.CreateVersion7((context.Evaluation.Services?.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow())
            : Guid.NewGuid();
        return DataContainer.Text((string)context.Val("format").Data! switch
        {
            "compact" => uuid.ToString("N"),
            "urn" => "urn:uuid:" + uuid.ToString("D"),
            _ => uuid.ToString("D"),
        });
    }
}
