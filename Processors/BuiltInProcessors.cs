using System.Reflection;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Processors;

/// <summary>The built-in processors of this assembly, plus any plugins, as one catalogue.</summary>
public static class BuiltInProcessors
{
    /// <summary>This assembly.</summary>
    public static Assembly Assembly => typeof(BuiltInProcessors).Assembly;

    /// <summary>Discovers the built-in processors and those of every assembly in <paramref name="pluginsPath"/>.</summary>
    public static ProcessorCatalogue Catalogue(string? pluginsPath = null) =>
        ProcessorCatalogue.Discover([Assembly, .. ProcessorCatalogue.LoadPlugins(pluginsPath)]);
}
