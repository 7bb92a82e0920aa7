using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Request;

/// <summary>A file uploaded in a multipart form field.</summary>
public sealed class VarFile : Processor, IRequestValueReader
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "File",
        "A file uploaded in a multipart/form-data field: an image value when it is an image, else a file value, " +
        "with its file name and media type. Remote files are fetched with the url processor (outbound allow-list).",
        new InputSpec("location", "Where the file comes from: _FILES, the files of the request (the only location).")
        {
            LimitTypes = [DataType.Text], LimitValues = ["_FILES"], Default = "_FILES",
        },
        new InputSpec("filename", "The name of the form field holding the file.") { Min = 1, LimitTypes = [DataType.Text] },
        RequestVariable.Nullable)
    {
        Returns = [DataType.File, DataType.Image, DataType.Undefined],
        Reads = RequestReads.Body,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var field = context.Val("filename").AsText(context.NodeId);
        if (!context.Request.Files.TryGetValue(field, out var file))
        {
            return context.Val("nullable").AsBoolean(context.NodeId)
                ? DataContainer.Undefined
                : throw context.Error(MissingMessage(field));
        }
        return MediaTypes.ImageTypeOf(file) is not null ? DataContainer.Image(file) : DataContainer.File(file);
    }

    /// <inheritdoc />
    public string? Missing(NodePlan node, ApiRequest request) =>
        node.KnownValue("nullable") is { Data: false } && node.KnownValue("filename") is { Data: string field }
        && !request.Files.ContainsKey(field)
            ? MissingMessage(field)
            : null;

    private static string MissingMessage(string field) => $"File ({field}) does not exist or is undefined.";
}
