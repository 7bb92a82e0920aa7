using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.DataOperation;

/// <summary>Converts a value to another type through the cast matrix.</summary>
public sealed class Cast : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Cast",
        "Converts the data to another type. Impossible casts (text that is not a number to integer, array to "
        + "boolean, …) fail with 'Cannot cast <from> to <to>.'",
        new InputSpec("data", "The value to convert.") { Min = 1 },
        new InputSpec("data_type", "The type to convert to.")
        {
            Min = 1,
            LimitTypes = [DataType.Text],
            LimitValues = [.. DataTypeNames.All],
        })
    {
        Returns = ProcessorDetails.AnyType,
        ReturnsTypeOf = "data_type",
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        // limitValues has already restricted data_type to the eleven names.
        DataTypeNames.TryParse((string)context.Val("data_type").Data!, out var target);
        return context.Val("data").CastTo(target, context.NodeId);
    }
}
