using ApiStudio.Studio.Editor;
using ApiStudio.Studio.Shell;
using ApiStudio.Studio.SignIn;
using MudBlazor;
using MudBlazor.Services;

namespace ApiStudio.Studio.Hosting;

/// <summary>The studio in the host: <c>services.AddStudio()</c> and <c>app.MapStudio()</c>.</summary>
public static class StudioHosting
{
    /// <summary>Razor components with interactive server rendering, MudBlazor, the cookie session.</summary>
    public static IServiceCollection AddStudio(this IServiceCollection services)
    {
        // The canvas reports the sizes of its cards in one message: a 1,000-node tree needs more than SignalR's 32 KB.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 4 * 1024 * 1024);
        services.AddMudServices(mud =>
        {
            // Top centre: over the empty middle of the editor's toolbar, never over its buttons or the problems.
            mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.TopCenter;
            mud.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddStudioAuthentication();
        services.AddScoped<StudioSession>();
        services.AddTransient<EditorSession>();
        services.AddScoped<EditorClipboardService>();
        return services;
    }

    /// <summary>The studio's pages under <c>/studio</c>, sign-in and sign-out, and its static files.</summary>
    public static WebApplication MapStudio(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapStudioAuthentication();
        return app;
    }
}
