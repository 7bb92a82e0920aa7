using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Processors.Admin;

namespace ApiStudio.Processors.System;

/// <summary>The processor catalogue: every processor's details, or one processor's.</summary>
public sealed class Processors : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Processors",
        "The details of every processor (name, machine name, description, menu, inputs) or, with a machine name, of one.",
        new InputSpec("machine_name", "A processor's machine name, or 'all' for every processor.")
        {
            LimitTypes = [DataType.Text, DataType.Undefined], Default = "all",
        })
    {
        Returns = [DataType.Array],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var catalogue = AdminNode.Service<ProcessorCatalogue>(context);
        var value = context.Val("machine_name");
        var machineName = value.IsUndefined ? "all" : value.AsText(context.NodeId);
        if (machineName == "all")
        {
            return DataContainer.Array(catalogue.Describe());
        }
        return catalogue.Find(machineName) is { } processor
            ? DataContainer.Array(ProcessorCatalogue.Describe(processor))
            : throw context.Error($"No processor has the machine name '{machineName}'.", ErrorCodes.InvalidInput, 404);
    }
}
