using ApiStudio.Engine.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;

namespace ApiStudio.Studio.SignIn;

/// <summary>
/// The studio's cookie session: signed in with the same users and passwords as <c>auth/token</c> (and the same
/// throttle), the cookie names only the user; every page reads the user's grants afresh (see StudioSession). The
/// admin API keeps its bearer tokens and never accepts this cookie.
/// </summary>
public static class StudioAuthentication
{
    /// <summary>The cookie scheme.</summary>
    public const string Scheme = "ApiStudio.Studio";

    /// <summary>The studio's cookie, sign-in path and lifetime.</summary>
    public static IServiceCollection AddStudioAuthentication(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("apistudio");
        services.AddOptions<KeyManagementOptions>().Configure<Database>((keys, database) => keys.XmlRepository = new DatabaseKeyRepository(database));
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "apistudio.studio";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/signin";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Sign-out (a form post with the antiforgery token) and the root, which leads to the studio.</summary>
    public static IEndpointRouteBuilder MapStudioAuthentication(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/signout", async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(Scheme).ConfigureAwait(false);
            return Results.LocalRedirect("/signin");
        });
        endpoints.MapGet("/", () => Results.LocalRedirect("/studio"));
        return endpoints;
    }

    /// <summary>Where to go after signing in: a local path only (never another site), else the studio's home.</summary>
    public static string LocalTarget(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/studio";
}
