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
}
