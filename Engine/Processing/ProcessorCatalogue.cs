using System.Reflection;
using System.Runtime.Loader;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// Every processor known to the engine, found by reflection once at start-up (built-in assembly plus plugins):
/// adding a processor is adding one class. Serves the catalogue as plain data / JSON for the studio and the API.
/// </summary>
public sealed class ProcessorCatalogue
{
    private readonly Dictionary<string, Processor> _byMachineName;

    private ProcessorCatalogue(IReadOnlyList<Processor> processors)
    {
        All = processors;
        _byMachineName = new Dictionary<string, Processor>(StringComparer.Ordinal);
        foreach (var processor in processors)
        {
            if (_byMachineName.TryGetValue(processor.MachineName, out var existing))
            {
                throw new InvalidOperationException(
                    $"Processor machine name '{processor.MachineName}' is declared twice: by {existing.GetType().FullName} and by {processor.GetType().FullName}.");
            }
            _byMachineName.Add(processor.MachineName, processor);
        }
    }

    /// <summary>The processors, sorted by menu then machine name.</summary>
    public IReadOnlyList<Processor> All { get; }

    /// <summary>Discovers every concrete <see cref="Processor"/> with a public parameterless constructor in the assemblies.</summary>
    public static ProcessorCatalogue Discover(IEnumerable<Assembly> assemblies)
    {
        var processors = new List<Processor>();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var type in ExportedTypes(assembly))
            {
                if (type is { IsAbstract: false, IsClass: true } && typeof(Processor).IsAssignableFrom(type)
                    && type.GetConstructor(Type.EmptyTypes) is not null)
                {
                    processors.Add((Processor)Activator.CreateInstance(type)!);
                }
            }
        }
        return From(processors);
    }

    /// <summary>A catalogue of the given processor instances; machine names must be unique.</summary>
    public static ProcessorCatalogue From(IEnumerable<Processor> processors)
    {
        var sorted = processors.ToList();
        sorted.Sort((a, b) =>
        {
            var byMenu = string.CompareOrdinal(a.Menu, b.Menu);
            return byMenu != 0 ? byMenu : string.CompareOrdinal(a.MachineName, b.MachineName);
        });
        return new ProcessorCatalogue(sorted);
    }

    /// <summary>Loads every <c>*.dll</c> of a plugins folder (none when the folder does not exist).</summary>
    public static IReadOnlyList<Assembly> LoadPlugins(string? directory)
    {
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return [];
        }
        var loaded = new List<Assembly>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            var path = Path.GetFullPath(file);
            var name = AssemblyName.GetAssemblyName(path);
            var already = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name));
            loaded.Add(already ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path));
        }
        return loaded;
    }

    /// <summary>The processor with this machine name.</summary>
    public bool TryGet(string machineName, out Processor processor) =>
        _byMachineName.TryGetValue(machineName, out processor!);

    /// <summary>The processor with this machine name, or null.</summary>
    public Processor? Find(string machineName) => _byMachineName.GetValueOrDefault(machineName);

    /// <summary>A processor's details as plain data (the shape served by the <c>processors</c> resource).</summary>
    public static Map Describe(Processor processor)
    {
        var details = processor.Details;
        var inputs = new Map();
        foreach (var input in details.Inputs)
        {
            inputs[input.Name] = new Map
            {
                ["description"] = input.Description,
                ["aliases"] = input.Aliases.Cast<object?>().ToList(),
                ["cardinality"] = new List<object?> { (long)input.Min, input.Max == InputSpec.Many ? "*" : (long)input.Max },
                ["literalAllowed"] = input.LiteralAllowed,
                ["nodeAllowed"] = input.NodeAllowed,
                ["limitProcessors"] = input.LimitProcessors.Cast<object?>().ToList(),
                ["limitTypes"] = input.LimitTypes.Select(t => (object?)t.Name()).ToList(),
                ["limitValues"] = input.LimitValues.Select(v => DataContainer.FromPlain(v).Data).ToList(),
                ["default"] = DataContainer.FromPlain(input.Default).Data,
                ["conditional"] = input.Conditional,
            };
        }
        return new Map
        {
            ["name"] = details.Name,
            ["machineName"] = processor.MachineName,
            ["description"] = details.Description,
            ["menu"] = processor.Menu,
            ["conditional"] = details.Conditional,
            ["reads"] = ReadNames(details.Reads),
            ["returns"] = (details.Returns ?? ProcessorDetails.AnyType).Select(t => (object?)t.Name()).ToList(),
            ["returnsTypeOf"] = details.ReturnsTypeOf,
            ["returnsBranches"] = details.ReturnsBranches.Cast<object?>().ToList(),
            ["input"] = inputs,
        };
    }

    /// <summary>The flags of <paramref name="reads"/> in snake_case (<c>named_headers</c>, <c>caller</c>); empty for none.</summary>
    public static List<object?> ReadNames(RequestReads reads)
    {
        var names = new List<object?>();
        foreach (var flag in Enum.GetValues<RequestReads>())
        {
            if (flag != RequestReads.None && (reads & flag) == flag)
            {
                names.Add(Processor.ToSnakeCase(flag.ToString()));
            }
        }
        return names;
    }

    /// <summary>The whole catalogue as plain data: a list of processor details.</summary>
    public List<object?> Describe() => All.Select(p => (object?)Describe(p)).ToList();

    /// <summary>The whole catalogue as JSON.</summary>
    public string ToJson(bool indented = false) => PlainJson.Serialize(Describe(), indented);

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}
