using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Security;

/// <summary>Accepts a caller with a valid access token and one of the given roles.</summary>
public sealed class ValidateTokenRoles : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Validate token roles",
        "Checks the caller's access token and that the caller holds one of the roles for the served resource; returns true. "
        + "401 without a valid token, 403 without a matching role. A global Administrator passes.",
        SecurityAccess.TokenInput,
        new InputSpec("roles", "The roles that are permitted.") { Min = 1, Max = InputSpec.Many, LimitTypes = [DataType.Text] },
        new InputSpec("validate_account", "Only grants in the resource's account count (else the role in any account).")
        {
            LimitTypes = [DataType.Boolean], Default = true,
        },
        new InputSpec("validate_application", "Only grants in the resource's application count (else the role in any application).")
        {
            LimitTypes = [DataType.Boolean], Default = true,
        })
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.Caller,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var values = context.Values("roles");
        var roles = new string[values.Count];
        for (var i = 0; i < roles.Length; i++)
        {
            roles[i] = values[i].AsText(context.NodeId);
        }
        var validateAccount = context.Val("validate_account").AsBoolean(context.NodeId);
        var validateApplication = context.Val("validate_application").AsBoolean(context.NodeId);
        var scope = SecurityAccess.Scope(context);
        var caller = await SecurityAccess.AuthenticateAsync(context).ConfigureAwait(false);
        if (!caller.HasAnyRole(roles, scope.Accid, scope.Appid, validateAccount, validateApplication))
        {
            throw SecurityAccess.Forbidden(context, "Permission denied: the caller holds none of the roles this resource requires.");
        }
        return DataContainer.True;
    }
}
