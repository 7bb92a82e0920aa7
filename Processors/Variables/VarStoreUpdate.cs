using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Processors.Variables;

/// <summary>Replaces the value of a persistent variable; a missing one is a 404.</summary>
public sealed class VarStoreUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store update",
        "Replaces the value of a persistent variable of the served application (or of its account) and returns the new value. " +
        "A missing variable is an error (404); use var_store_create to add one.",
        VarStore.Key(required: true),
        new InputSpec("val", "The new value: any type but file and image.") { Min = 1 },
        VarStore.Scope,
        VarStore.ValidateAccess)
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var owner = VarStore.Resolve(context, write: true);
        var key = VarStore.KeyOf(context);
        var json = VarStore.Serialize(context, context.Val("val"));
        var updated = await VarStore.StoreAsync(context, database => database.InTransactionAsync(async db =>
            await VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key).ConfigureAwait(false) is { } row
            && await VarStoreMapper.UpdateAsync(db, row.Vid, json).ConfigureAwait(false), context.CancellationToken)).ConfigureAwait(false);
        return updated ? VarStore.Deserialize(json) : throw VarStore.Missing(context, key, owner);
    }
}
