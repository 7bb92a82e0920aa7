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
/// anyone who may call the resource use it. <c>validate_access: false</c> (written as a literal: a computed value never turns
/// the checks off) leaves the decision to the resource's security, e.g. to let Consumers add to-do items.
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
        "account variable). Only a literal false written in the resource leaves access to the resource's security: a value " +
        "computed by a node can keep the checks on, never turn them off.")
    {
        LimitTypes = [DataType.Boolean],
        Default = true,
    };

    /// <summary>The <c>appid</c> input (ApiOpenStudio's scope selector).</summary>
    public static InputSpec Appid => new("appid",
        "The application whose variables to use (ApiOpenStudio's form of scope: application). Only the served application's " +
        "id is accepted; any other is refused (403). Absent or null = the scope input.")
    {
        LimitTypes = [DataType.Integer],
    };

    /// <summary>The <c>accid</c> input (ApiOpenStudio's scope selector).</summary>
    public static InputSpec Accid => new("accid",
        "The account whose variables to use (ApiOpenStudio's form of scope: account). Only the served application's account id " +
        "is accepted; any other is refused (403). Ignored when appid is given.")
    {
        LimitTypes = [DataType.Integer],
    };

    /// <summary>The <c>vid</c> input: a variable by its id, within the scope.</summary>
    public static InputSpec Vid(string instead) => new("vid",
        $"The variable's id (as the admin API lists it), {instead}. Only a variable of the scope is found: an id of another " +
        "scope is treated as missing.")
    {
        LimitTypes = [DataType.Integer],
    };

    /// <summary>The <c>strict</c> input.</summary>
    public static InputSpec Strict(string lenient) => new("strict", $"A missing variable is an error (404); false: {lenient}.")
    {
        LimitTypes = [DataType.Boolean],
        Default = true,
    };

    /// <summary>The variable's owner: (null, appid) or (accid, null), and how to name it in messages.</summary>
    public readonly record struct Owner(long? Accid, long? Appid, string Name);

    /// <summary>
    /// The owner named by <c>appid</c>, <c>accid</c> or <c>scope</c>, once the caller's access to it is checked. The
    /// ids may only name the served application or its account: a resource never reaches outside them.
    /// </summary>
    public static Owner Resolve(NodeContext context, bool write)
    {
        var scope = context.Evaluation.Scope
            ?? throw context.Error("The var store needs a served application; this evaluation has none.", ErrorCodes.Configuration, 500);
        var appid = OptionalId(context, "appid");
        var accid = OptionalId(context, "accid");
        if (appid is not null && appid != scope.Appid)
        {
            throw context.Error($"Access denied: application {appid} is not the served application; a resource reaches only the " +
                $"variables of {scope.Account}/{scope.Application} and of its account.", ErrorCodes.Authentication, 403);
        }
        if (appid is null && accid is not null && accid != scope.Accid)
        {
            throw context.Error($"Access denied: account {accid} is not the served application's account; a resource reaches only " +
                $"the variables of {scope.Account}/{scope.Application} and of its account.", ErrorCodes.Authentication, 403);
        }
        var account = appid is null && (accid is not null || (string)context.Val("scope").Data! == "account");
        var owner = account
            ? new Owner(scope.Accid, null, $"account {scope.Account}")
            : new Owner(null, scope.Appid, $"application {scope.Account}/{scope.Application}");
        // Reading goes through the served application (its callers read their account's variables too).
        var accountWide = write && account;
        if (context.Evaluation.Caller is { } caller && ChecksAccess(context)
            && !VarStoreAccess.Allows(caller, write, scope.Accid, accountWide ? null : scope.Appid))
        {
            throw context.Error(
                $"Access denied: {(write ? "changing" : "reading")} variables of {owner.Name} needs the role {VarStoreAccess.Describe(write, accountWide)}.",
                ErrorCodes.Authentication, 403);
        }
        return owner;
    }

    /// <summary>
    /// Whether the caller's roles are checked: only a literal false turns the checks off, so a request can never
    /// widen access by what it sends (a computed value is checked for its type, then the checks stay on).
    /// </summary>
    private static bool ChecksAccess(NodeContext context)
    {
        _ = context.Val("validate_access");
        return context.Node.KnownValue("validate_access") is not { Data: false };
    }

    /// <summary>An optional id input; absent, null or undefined = null.</summary>
    public static long? OptionalId(NodeContext context, string input)
    {
        var value = context.Val(input);
        return value.IsUndefined || value.Data is null ? null : value.AsInteger(context.NodeId);
    }

    /// <summary>True when a row belongs to the owner (a <c>vid</c> of another scope is treated as missing).</summary>
    public static bool Owns(Owner owner, VarStoreRow row) => row.Accid == owner.Accid && row.Appid == owner.Appid;

    /// <summary>
    /// The key of the variable addressed by <c>key</c> or <c>vid</c> (one of them is required); null when the vid is
    /// not a variable of the owner's scope, or names another key than the one given.
    /// </summary>
    public static async Task<string?> AddressedKeyAsync(NodeContext context, Owner owner)
    {
        var key = context.Has("key") && !context.Val("key").IsUndefined ? KeyOf(context) : null;
        if (OptionalId(context, "vid") is not { } vid)
        {
            return key ?? throw context.Error($"Give the variable's key or its vid (node '{context.NodeId}').");
        }
        var row = await StoreAsync(context, database => database.ReadAsync(
            db => VarStoreMapper.FindByIdAsync(db, vid), context.CancellationToken)).ConfigureAwait(false);
        return row is not null && Owns(owner, row) && (key is null || key == row.Key) ? row.Key : null;
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
