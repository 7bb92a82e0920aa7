using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Processors.Variables;

/// <summary>Creates a persistent variable; a key that exists in the scope is a 409.</summary>
public sealed class VarStoreCreate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store create",
        "Creates a persistent variable of the served application (or of its account) and returns its value. " +
        "A key that already exists is an error (409); use var_store_update to change it.",
        VarStore.Key(required: true),
        new InputSpec("val", "The value: any type but file and image; absent = null."),
        VarStore.Scope,
        VarStore.Appid,
        VarStore.Accid,
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
        await VarStore.StoreAsync(context, database => database.InTransactionAsync(async db =>
        {
            if (await VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key).ConfigureAwait(false) is not null)
            {
                throw VarStore.Duplicate(context, key, owner);
            }
            return await VarStoreMapper.CreateAsync(db, owner.Accid, owner.Appid, key, json).ConfigureAwait(false);
        }, context.CancellationToken), key, owner).ConfigureAwait(false);
        return VarStore.Deserialize(json);
    }
}
