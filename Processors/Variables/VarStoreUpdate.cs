using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Variables;

/// <summary>
/// Changes a persistent variable in one database statement: replaces it, adds to a number, appends to a list or text,
/// or replaces it only while it still holds an expected value.
/// </summary>
public sealed class VarStoreUpdate : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Var store update",
        "Changes a persistent variable of the served application (or of its account) in one database statement, so " +
        "concurrent requests never lose a change. operation: set (default) replaces the value and returns it (a missing " +
        "variable is an error, 404); increment adds val, a number, and returns the sum (a missing variable starts at 0); " +
        "append adds val at the end of a list, or a text to a text, and returns the result (a missing variable starts as " +
        "an empty list); compare_and_set stores val only while the variable holds expected (absent expected: only while " +
        "it does not exist) and returns true when it did, else false. " +
        "Give the key or the vid. Example, a visit counter: {processor: var_store_update, id: visits, key: visits, operation: increment, val: 1}.",
        VarStore.Key(required: false),
        VarStore.Vid("instead of the key"),
        new InputSpec("val", "The new value (set, compare_and_set), the number to add (increment; negative subtracts) or the " +
            "item to append (append): any type but file and image.") { Min = 1 },
        new InputSpec("operation", "What to do with val.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["set", "increment", "append", "compare_and_set"], Default = "set",
        },
        new InputSpec("expected", "compare_and_set only: the value the variable must still hold (compared as JSON); absent = the " +
            "variable must not exist yet."),
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
        var operation = (string)context.Val("operation").Data!;
        if (context.Has("expected") && operation != "compare_and_set")
        {
            throw context.Error($"Input 'expected' is only used by the operation compare_and_set, not {operation} (node '{context.NodeId}').");
        }
        var owner = VarStore.Resolve(context, write: true);
        var key = await VarStore.AddressedKeyAsync(context, owner).ConfigureAwait(false)
            ?? throw VarStore.Missing(context, $"vid {context.Val("vid").AsInteger(context.NodeId)}", owner);
        var val = context.Val("val");
        switch (operation)
        {
            case "increment":
            {
                object amount = val.Type switch
                {
                    // Boxed as they are: a switch of long and double arms would make every amount a double.
                    DataType.Integer => val.Data!,
                    DataType.Float when double.IsFinite((double)val.Data!) => val.Data!,
                    _ => throw context.Error($"Operation increment needs a number in 'val', got {val.Type.Name()} (node '{context.NodeId}')."),
                };
                var sum = await VarStore.StoreAsync(context, database => database.InTransactionAsync(
                    db => VarStoreMapper.IncrementAsync(db, owner.Accid, owner.Appid, key, amount), context.CancellationToken)).ConfigureAwait(false);
                return sum is null ? throw await HoldsOtherAsync(context, key, owner, "a number").ConfigureAwait(false) : VarStore.Deserialize(sum);
            }
            case "append":
            {
                var item = VarStore.Serialize(context, val);
                var text = val.Type is DataType.Text or DataType.Integer or DataType.Float or DataType.Boolean ? val.AsText(context.NodeId) : null;
                var appended = await VarStore.StoreAsync(context, database => database.InTransactionAsync(
                    db => VarStoreMapper.AppendAsync(db, owner.Accid, owner.Appid, key, item, text), context.CancellationToken)).ConfigureAwait(false);
                return appended is null
                    ? throw await HoldsOtherAsync(context, key, owner, text is null ? "a list" : "a list or a text").ConfigureAwait(false)
                    : VarStore.Deserialize(appended);
            }
            case "compare_and_set":
            {
                var json = VarStore.Serialize(context, val);
                var expected = context.Val("expected");
                var expectedJson = expected.IsUndefined ? null : VarStore.Serialize(context, expected);
                var stored = await VarStore.StoreAsync(context, database => database.InTransactionAsync(
                    db => VarStoreMapper.CompareAndSetAsync(db, owner.Accid, owner.Appid, key, expectedJson, json), context.CancellationToken)).ConfigureAwait(false);
                return DataContainer.Boolean(stored);
            }
            default: // "set": Val has checked the operation against its allowed values.
            {
                var json = VarStore.Serialize(context, val);
                var set = await VarStore.StoreAsync(context, database => database.InTransactionAsync(
                    db => VarStoreMapper.SetAsync(db, owner.Accid, owner.Appid, key, json), context.CancellationToken)).ConfigureAwait(false);
                return set is null ? throw VarStore.Missing(context, key, owner) : VarStore.Deserialize(set);
            }
        }
    }

    /// <summary>The 409 of a variable whose value the operation cannot change (read again only to say what it holds).</summary>
    private static async Task<ApiException> HoldsOtherAsync(NodeContext context, string key, VarStore.Owner owner, string needed)
    {
        var row = await VarStore.StoreAsync(context, database => database.ReadAsync(
            db => VarStoreMapper.FindAsync(db, owner.Accid, owner.Appid, key), context.CancellationToken)).ConfigureAwait(false);
        var holds = row is null ? "nothing" : VarStore.Deserialize(row.Val).Type.Name();
        var operation = (string)context.Val("operation").Data!;
        return context.Error($"Variable ({key}) in {owner.Name} holds {holds}; {operation} needs {needed}.", ErrorCodes.InvalidInput, 409);
    }
}
