using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as XML (application/xml).</summary>
public sealed class Xml : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Xml",
        "Formats the data as XML and sends it as application/xml. Returns a xml value holding the formatted XML.",
        OutputData.Input)
    {
        Returns = [DataType.Xml, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => OutputData.Format(context, OutputFormat.Xml);
}
