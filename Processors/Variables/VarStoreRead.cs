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
        "Reads a persistent variable of the served application (or of its account) by key or vid and returns its value with " +
        "its type. Without either, returns every variable of the scope as a map key → value, in key order (keyword filters " +
        "the keys; order_by and direction change the order).",
        VarStore.Key(required: false),
        VarStore.Vid("instead of or beside the key"),
        new InputSpec("keyword", "Without a key: only keys containing this text (case-sensitive).") { LimitTypes = [DataType.Text] },
        new InputSpec("order_by", "Without a key: what the map is ordered by.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["vid", "key", "appid", "val"], Default = "key",
        },
        new InputSpec("direction", "Without a key: the order's direction.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["asc", "desc"], Default = "asc",
        },
        new InputSpec("remove_wrapping_quotes", "A text value wrapped in double quotes comes back without them.")
        {
            LimitTypes = [DataType.Boolean], Default = false,
        },
        VarStore.Scope,
        VarStore.Appid,
        VarStore.Accid,
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
        if (context.Has("key") && !context.Val("key").IsUndefined || VarStore.OptionalId(context, "vid") is not null)
        {
            var key = await VarStore.AddressedKeyAsync(context, owner).ConfigureAwait(false);
            var row = key is null ? null : await VarStore.StoreAsync(context, database => database.ReadAsync(
                db => VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key), context.CancellationToken)).ConfigureAwait(false);
            if (row is not null)
            {
                return Unquoted(context, VarStore.Deserialize(row.Val));
            }
            return context.Val("strict").AsBoolean(context.NodeId)
                ? throw VarStore.Missing(context, key ?? $"vid {context.Val("vid").AsInteger(context.NodeId)}", owner)
                : DataContainer.Undefined;
        }
        var keyword = context.Has("keyword") ? context.Val("keyword").AsText(context.NodeId) : "";
        var rows = await VarStore.StoreAsync(context, database => database.ReadAsync(
            db => VarStoreMapper.ListAsync(db, owner.Accid, owner.Appid), context.CancellationToken)).ConfigureAwait(false);
        var variables = new Map();
        foreach (var row in Ordered(context, rows))
        {
            if (row.Key.Contains(keyword, StringComparison.Ordinal))
            {
                variables[row.Key] = Unquoted(context, VarStore.Deserialize(row.Val)).Data;
            }
        }
        return DataContainer.Array(variables);
    }

    /// <summary>The rows (listed in key order) in the order asked for; ties keep key order.</summary>
    private static IEnumerable<VarStoreRow> Ordered(NodeContext context, List<VarStoreRow> rows)
    {
        var descending = (string)context.Val("direction").Data! == "desc";
        Func<VarStoreRow, IComparable?> by = (string)context.Val("order_by").Data! switch
        {
            "vid" => row => row.Vid,
            "appid" => row => row.Appid,
            "val" => row => row.Val,
            _ => row => row.Key,
        };
        var ordered = descending ? rows.OrderByDescending(by) : rows.OrderBy(by);
        return ordered.ThenBy(row => row.Key, StringComparer.Ordinal);
    }

    private static DataContainer Unquoted(NodeContext context, DataContainer value) =>
        context.Val("remove_wrapping_quotes").AsBoolean(context.NodeId) && value.Data is string { Length: >= 2 } text
        && text[0] == '"' && text[^1] == '"'
            ? DataContainer.Text(text[1..^1])
            : value;
}
