using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiStudio.Engine.Scripting;

/// <summary>Registers what runs event scripts.</summary>
public static class ScriptingServices
{
    /// <summary>Adds the JavaScript runner (one pool of engines and one program cache per host).</summary>
    public static IServiceCollection AddApiStudioScripting(this IServiceCollection services)
    {
        services.TryAddSingleton<JavaScriptRunner>();
        return services;
    }
}
