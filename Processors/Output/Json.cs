using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the response as JSON (application/json).</summary>
public sealed class Json : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Json",
        "Formats the data as JSON and sends it as application/json. Returns a json value holding the formatted JSON.",
        OutputData.Input)
    {
        Returns = [DataType.Json, DataType.Undefined],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context) => OutputData.Format(context, OutputFormat.Json);
}
