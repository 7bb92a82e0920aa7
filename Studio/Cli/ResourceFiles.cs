using ApiStudio.Engine.Admin;

namespace ApiStudio.Studio.Cli;

/// <summary>The resource files named on a command line: files as given, folders searched for YAML and JSON files.</summary>
public static class ResourceFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>True when the file name has a resource extension.</summary>
    public static bool IsResourceFile(string path) =>
        Array.IndexOf(Extensions, Path.GetExtension(path).ToLowerInvariant()) >= 0;

    /// <summary>Every file of <paramref name="paths"/>, folders searched recursively, in a stable order.</summary>
    /// <exception cref="CliException">A path does not exist, or no resource file was found.</exception>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var given = paths.ToList();
        foreach (var written in given)
        {
            var path = CliPaths.Input(written);
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(IsResourceFile)
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw new CliException($"'{written}' is neither a file nor a folder.");
            }
        }
        if (files.Count == 0)
        {
            throw new CliException($"No resource files (.yaml, .yml, .json) found in {string.Join(", ", given.Select(p => $"'{p}'"))}.");
        }
        return files.Distinct().ToList();
    }

    /// <summary>
    /// The resource files and the event script files of <paramref name="paths"/>: files as given (a script file by its
    /// extension, see <see cref="ScriptFile"/>), folders searched for resource files and for script files in
    /// <c>scripts/{account}/{application}/</c>.
    /// </summary>
    /// <exception cref="CliException">A path does not exist, or neither a resource nor a script file was found.</exception>
    public static (IReadOnlyList<string> Resources, IReadOnlyList<string> Scripts) FindWithScripts(IEnumerable<string> paths)
    {
        var resources = new List<string>();
        var scripts = new List<string>();
        var given = paths.ToList();
        foreach (var written in given)
        {
            var path = CliPaths.Input(written);
            if (File.Exists(path))
            {
                (ScriptFile.IsScriptFile(path) ? scripts : resources).Add(path);
            }
            else if (Directory.Exists(path))
            {
                resources.AddRange(Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(IsResourceFile)
                    .Order(StringComparer.Ordinal));
                scripts.AddRange(ScriptFiles.Find(path));
            }
            else
            {
                throw new CliException($"'{written}' is neither a file nor a folder.");
            }
        }
        if (resources.Count == 0 && scripts.Count == 0)
        {
            throw new CliException($"No resource files (.yaml, .yml, .json) or script files (scripts/{{account}}/{{application}}/*.js, .cs, .mjs, .py) found in {string.Join(", ", given.Select(p => $"'{p}'"))}.");
        }
        return (resources.Distinct().ToList(), scripts.Distinct().ToList());
    }
}
