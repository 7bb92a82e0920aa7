using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as a file download.</summary>
public sealed class File : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "File",
        "Sends the data as a file: its bytes with its media type, and a download name when filename is given " +
        "(Content-Disposition: attachment). Text, json, xml, html and arrays become UTF-8 files; an image is sent as is.",
        OutputData.Input,
        new InputSpec("filename", "The download name (the last path segment is kept).") { LimitTypes = [DataType.Text] },
        new InputSpec("media_type", "The media type, e.g. text/csv. Default: the data's own (text/plain for text).")
        {
            LimitTypes = [DataType.Text],
        })
    {
        Returns = [DataType.File, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => DataContainer.File(OutputData.Binary(context, DataType.File));
}
