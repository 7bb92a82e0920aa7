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
        "A missing variable is an error (404) when strict, else the result is false. Give the key or the vid; without " +
        "either, keyword deletes every variable of the scope whose key contains it.",
        VarStore.Key(required: false),
        VarStore.Vid("instead of the key"),
        new InputSpec("keyword", "Without key and vid: delete every variable of the scope whose key contains this text (case-sensitive).")
        {
            LimitTypes = [DataType.Text],
        },
        VarStore.Scope,
        VarStore.Appid,
        VarStore.Accid,
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
        if (!context.Has("key") && !context.Has("vid") && context.Has("keyword"))
        {
            return DataContainer.Boolean(await DeleteMatchingAsync(context, owner).ConfigureAwait(false) > 0);
        }
        var key = await VarStore.AddressedKeyAsync(context, owner).ConfigureAwait(false);
        if (key is null)
        {
            return context.Val("strict").AsBoolean(context.NodeId)
                ? throw VarStore.Missing(context, $"vid {context.Val("vid").AsInteger(context.NodeId)}", owner)
                : DataContainer.False;
        }
        var deleted = await VarStore.StoreAsync(context, database => database.InTransactionAsync(async db =>
            await VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key).ConfigureAwait(false) is { } row
            && await VarStoreMapper.DeleteAsync(db, row.Vid).ConfigureAwait(false), context.CancellationToken)).ConfigureAwait(false);
        if (deleted)
        {
            return DataContainer.True;
        }
        return context.Val("strict").AsBoolean(context.NodeId) ? throw VarStore.Missing(context, key, owner) : DataContainer.False;
    }

    /// <summary>Deletes the scope's variables whose key contains the keyword, in one transaction; how many.</summary>
    private static Task<int> DeleteMatchingAsync(NodeContext context, VarStore.Owner owner)
    {
        var keyword = context.Val("keyword").AsText(context.NodeId);
        return VarStore.StoreAsync(context, database => database.InTransactionAsync(async db =>
        {
            var count = 0;
            foreach (var row in await VarStoreMapper.ListAsync(db, owner.Accid, owner.Appid).ConfigureAwait(false))
            {
                if (row.Key.Contains(keyword, StringComparison.Ordinal) && await VarStoreMapper.DeleteAsync(db, row.Vid).ConfigureAwait(false))
                {
                    count++;
                }
            }
            return count;
        }, context.CancellationToken));
    }
}
