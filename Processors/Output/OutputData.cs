using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>What the response output processors share: the <c>data</c> input and how it is formatted.</summary>
internal static class OutputData
{
    /// <summary>The optional <c>data</c> input: the value to format, by default the result of <c>process</c>.</summary>
    public static InputSpec Input => new("data", "The value to format. Default: the result of process.");

    /// <summary>Formats the <c>data</c> input (or the result of <c>process</c>) into the container type of the format.</summary>
    public static DataContainer Format(NodeContext context, OutputFormat format)
    {
        var data = context.Has("data") ? context.Val("data") : context.Evaluation.Result ?? DataContainer.Undefined;
        return OutputFormatter.ToContainer(data, format, context.NodeId);
    }

    /// <summary>
    /// The <c>data</c> input (or the result of <c>process</c>) cast to a file or image, with the <c>filename</c> and
    /// <c>media_type</c> inputs applied when given. A media type that could break a header is refused.
    /// </summary>
    public static BinaryValue Binary(NodeContext context, DataType type)
    {
        var data = context.Has("data") ? context.Val("data") : context.Evaluation.Result ?? DataContainer.Undefined;
        var binary = (BinaryValue)data.CastTo(type, context.NodeId).Data!;
        var fileName = context.Val("filename").IsUndefined ? binary.FileName : Path.GetFileName(context.Val("filename").AsText());
        var mediaType = binary.MediaType;
        if (!context.Val("media_type").IsUndefined)
        {
            mediaType = context.Val("media_type").AsText().Trim();
            if (!MediaTypes.IsWellFormed(mediaType))
            {
                throw context.Error($"media_type '{mediaType}' is not a media type of the form type/subtype.");
            }
        }
        return binary with { FileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName, MediaType = mediaType };
    }
}
