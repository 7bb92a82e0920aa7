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
}
