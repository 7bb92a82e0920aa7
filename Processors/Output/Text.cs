using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as text (text/plain).</summary>
public sealed class Text : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text",
        "Formats the data as text and sends it as text/plain. Returns a text value holding the formatted text.",
        OutputData.Input)
    {
        Returns = [DataType.Text, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => OutputData.Format(context, OutputFormat.Text);
}
