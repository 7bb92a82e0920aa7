using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Variables;

/// <summary>Deletes a persistent variable; a missing one is a 404 unless not strict.</summary>
public sealed class VarStoreDelete : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store delete",
        "Deletes a persistent variable of the served application (or of its account) and returns true. " +
        "A missing variable is an error (404) when strict, else the result is false.",
        VarStore.Key(required: true),
        VarStore.Scope,
        VarStore.ValidateAccess,
        VarStore.Strict("a missing variable gives false"))
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var owner = VarStore.Resolve(context, write: true);
        var key = VarStore.KeyOf(context);
        var deleted = await VarStore.StoreAsync(context, database => database.InTransactionAsync(async db =>
            await VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key).ConfigureAwait(false) is { } row
            && await VarStoreMapper.DeleteAsync(db, row.Vid).ConfigureAwait(false), context.CancellationToken)).ConfigureAwait(false);
        if (deleted)
        {
            return DataContainer.True;
        }
        return context.Val("strict").AsBoolean(context.NodeId) ? throw VarStore.Missing(context, key, owner) : DataContainer.False;
    }
}
