using System.Data.Common;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Variables;

/// <summary>
/// What the var_store processors share: the inputs, where a variable lives, who may touch it, and how values are
/// stored. A variable belongs to the served application (default) or to its account (<c>scope: account</c>) — never
/// to another application: a resource reaches only its own application's variables.
/// </summary>
/// <remarks>
/// Access, when the resource identified a caller (its security set one) and <c>validate_access</c> is true (the
/// default): reading needs any of the five roles for the served application (Consumer or above); changing an
/// application variable needs Developer, Application manager, Account manager or Administrator there; changing an
/// account variable needs Account manager or Administrator for the whole account (<see cref="VarStoreAccess"/>, the
/// rules the admin API applies too). Without an identified caller — a
/// resource published without security — the processor acts with the application's scope: the designer chose to let
/// anyone who may call the resource use it. <c>validate_access: false</c> (a literal only, so a request cannot turn it
/// off) leaves the decision to the resource's security, e.g. to let Consumers add to-do items.
/// Values are stored as JSON and come back with their type (xml and html come back as text; files are refused).
/// </remarks>
internal static class VarStore
{
    /// <summary>The <c>key</c> input.</summary>
    public static InputSpec Key(bool required) =>
        new("key", required ? "The variable's key, unique within its scope." : "The variable's key; absent = every variable of the scope, as a map key → value.")
        {
            Min = required ? 1 : 0,
            LimitTypes = [DataType.Text, DataType.Integer],
        };

    /// <summary>The <c>scope</c> input.</summary>
    public static InputSpec Scope => new("scope", "Where the variable lives: the served application, or its account (shared by its applications).")
    {
        LimitTypes = [DataType.Text],
        LimitValues = ["application", "account"],
        Default = "application",
    };

    /// <summary>The <c>validate_access</c> input (ApiOpenStudio's name).</summary>
    public static InputSpec ValidateAccess => new("validate_access",
        "Check the caller's roles (Consumer or above to read; Developer or above to change; Account manager or above to change an " +
        "account variable). False leaves access to the resource's security. A literal only.")
    {
        LimitTypes = [DataType.Boolean],
        Default = true,
        NodeAllowed = false,
    };

    /// <summary>The <c>strict</c> input.</summary>
    public static InputSpec Strict(string lenient) => new("strict", $"A missing variable is an error (404); false: {lenient}.")
    {
        LimitTypes = [DataType.Boolean],
        Default = true,
    };

    /// <summary>The variable's owner: (null, appid) or (accid, null), and how to name it in messages.</summary>
    public readonly record struct Owner(long? Accid, long? Appid, string Name);

    /// <summary>The owner named by <c>scope</c>, once the caller's access to it is checked.</summary>
    public static Owner Resolve(NodeContext context, bool write)
    {
        var scope = context.Evaluation.Scope
            ?? throw context.Error("The var store needs a served application; this evaluation has none.", ErrorCodes.Configuration, 500);
        var account = (string)context.Val("scope").Data! == "account";
        var owner = account
            ? new Owner(scope.Accid, null, $"account {scope.Account}")
            : new Owner(null, scope.Appid, $"application {scope.Account}/{scope.Application}");
        // Reading goes through the served application (its callers read their account's variables too).
        var accountWide = write && account;
        if (context.Evaluation.Caller is { } caller && context.Val("validate_access").AsBoolean(context.NodeId)
            && !VarStoreAccess.Allows(caller, write, scope.Accid, accountWide ? null : scope.Appid))
        {
            throw context.Error(
                $"Access denied: {(write ? "changing" : "reading")} variables of {owner.Name} needs the role {VarStoreAccess.Describe(write, accountWide)}.",
                ErrorCodes.Authentication, 403);
        }
        return owner;
    }

    /// <summary>The key input as text; an empty key is refused.</summary>
    public static string KeyOf(NodeContext context)
    {
        var key = context.Val("key").AsText(context.NodeId);
        return key.Length > 0 ? key : throw context.Error("A var store key cannot be empty.");
    }

    /// <summary>The system database (where <c>var_store</c> lives).</summary>
    public static Database Database(NodeContext context) =>
        context.Evaluation.Services?.GetService<Database>()
        ?? throw context.Error("The var store needs the host's database; this evaluation has none.", ErrorCodes.Configuration, 500);

    /// <summary>The value as JSON text.</summary>
    public static string Serialize(NodeContext context, DataContainer value) => value.Type switch
    {
        DataType.File or DataType.Image => throw context.Error($"A {value.Type.Name()} cannot be stored in the var store."),
        DataType.Json => PlainJson.Serialize(value.ToPlain(context.NodeId)),
        _ => PlainJson.Serialize(value.Data),
    };

    /// <summary>A stored value with its type.</summary>
    public static DataContainer Deserialize(string json) => DataContainer.FromPlain(PlainJson.Parse(json));

    /// <summary>The 404 of a missing variable (code 6).</summary>
    public static ApiException Missing(NodeContext context, string key, Owner owner) =>
        context.Error($"Variable ({key}) does not exist in {owner.Name}.", ErrorCodes.InvalidInput, 404);

    /// <summary>Runs storage work, turning database failures into code 2 errors (a duplicate key into 409).</summary>
    public static async Task<T> StoreAsync<T>(NodeContext context, Func<Database, Task<T>> work, string? key = null, Owner owner = default)
    {
        try
        {
            return await work(Database(context)).ConfigureAwait(false);
        }
        catch (DbException ex) when (key is not null && DbErrors.IsDuplicate(ex))
        {
            throw Duplicate(context, key, owner);
        }
        catch (DbException ex)
        {
            throw context.Error($"The var store failed: {DbErrors.StatementMessage(ex) ?? "the database could not be reached."}", ErrorCodes.Database, 500);
        }
    }

    /// <summary>The 409 of a key that is taken.</summary>
    public static ApiException Duplicate(NodeContext context, string key, Owner owner) =>
        context.Error($"Variable ({key}) already exists in {owner.Name}.", ErrorCodes.InvalidInput, 409);
}
