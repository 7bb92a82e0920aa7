using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as an image.</summary>
public sealed class Image : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Image",
        "Sends the data as an image (PNG, JPEG, GIF or WebP, recognised from its bytes unless media_type says otherwise). " +
        "Text is read as base64 or a data: URI; a file is sent as an image.",
        OutputData.Input,
        new InputSpec("filename", "A name for the image (Content-Disposition: inline).") { LimitTypes = [DataType.Text] },
        new InputSpec("media_type", "The image's media type, e.g. image/png. Default: recognised from the bytes.")
        {
            LimitTypes = [DataType.Text],
        })
    {
        Returns = [DataType.Image, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var image = OutputData.Binary(context, DataType.Image);
        if (MediaTypes.ImageTypeOf(image) is null)
        {
            throw context.Error("The data is not an image: PNG, JPEG, GIF or WebP bytes (or give media_type image/...) are expected.");
        }
        return DataContainer.Image(image);
    }
}
