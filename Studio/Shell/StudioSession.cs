using System.Security.Claims;
using ApiStudio.Engine.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace ApiStudio.Studio.Shell;

/// <summary>
/// The signed-in designer of one circuit. The cookie only names the user; the caller (grants included) is read from
/// the database whenever a page asks, so a revoked grant or a deactivated user takes effect on the next action, with
/// the same rules the admin API applies to a token.
/// </summary>
public sealed class StudioSession(AuthenticationStateProvider authentication, TokenService tokens)
{
    /// <summary>The claim that carries the user id.</summary>
    public const string UidClaim = "uid";

    /// <summary>The signed-in caller as it is now; null when nobody is signed in or the user is gone or inactive.</summary>
    public async Task<Caller?> CallerAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync().ConfigureAwait(false);
        return UidOf(state.User) is { } uid ? await tokens.CallerAsync(uid, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The user id of a studio principal.</summary>
    public static long? UidOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(UidClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var uid) ? uid : null;
}
