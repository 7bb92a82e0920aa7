using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as HTML (text/html).</summary>
public sealed class Html : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Html",
        "Formats the data as HTML and sends it as text/html. Returns an html value holding the formatted HTML.",
        OutputData.Input)
    {
        Returns = [DataType.Html, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => OutputData.Format(context, OutputFormat.Html);
}
