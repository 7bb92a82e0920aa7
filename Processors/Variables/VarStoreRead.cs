using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Variables;

/// <summary>Reads a persistent variable (its value, typed), or every variable of the scope as a map.</summary>
public sealed class VarStoreRead : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store read",
        "Reads a persistent variable of the served application (or of its account) and returns its value with its type. " +
        "Without a key, returns every variable of the scope as a map key → value, in key order (keyword filters the keys).",
        VarStore.Key(required: false),
        new InputSpec("keyword", "Without a key: only keys containing this text (case-sensitive).") { LimitTypes = [DataType.Text] },
        VarStore.Scope,
        VarStore.ValidateAccess,
        VarStore.Strict("a missing variable gives undefined"))
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var owner = VarStore.Resolve(context, write: false);
        if (context.Has("key"))
        {
            var key = VarStore.KeyOf(context);
            var row = await VarStore.StoreAsync(context, database => database.ReadAsync(
                db => VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key), context.CancellationToken)).ConfigureAwait(false);
            if (row is not null)
            {
                return VarStore.Deserialize(row.Val);
            }
            return context.Val("strict").AsBoolean(context.NodeId) ? throw VarStore.Missing(context, key, owner) : DataContainer.Undefined;
        }
        var keyword = context.Has("keyword") ? context.Val("keyword").AsText(context.NodeId) : "";
        var rows = await VarStore.StoreAsync(context, database => database.ReadAsync(
            db => VarStoreMapper.ListAsync(db, owner.Accid, owner.Appid), context.CancellationToken)).ConfigureAwait(false);
        var variables = new Map();
        foreach (var row in rows)
        {
            if (row.Key.Contains(keyword, StringComparison.Ordinal))
            {
                variables[row.Key] = PlainJson.Parse(row.Val);
            }
        }
        return DataContainer.Array(variables);
    }
}
