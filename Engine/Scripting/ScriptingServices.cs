using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiStudio.Engine.Scripting;

/// <summary>Registers what runs event scripts.</summary>
public static class ScriptingServices
{
    /// <summary>Adds the engines (one pool and one cache of prepared scripts per engine and host) and the set that names them.</summary>
    public static IServiceCollection AddApiStudioScripting(this IServiceCollection services)
    {
        services.TryAddSingleton<JavaScriptRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScriptEngine, JavaScriptEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScriptEngine, Workers.NodeJsEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScriptEngine, Workers.PythonEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScriptEngine, CSharp.CSharpEngine>());
        services.TryAddSingleton<ScriptEngineSet>();
        return services;
    }
}
