using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Processors;

namespace ApiStudio.Benchmarks;

/// <summary>Builds the resource documents the benchmarks load, validate, prepare and evaluate.</summary>
public static class BenchmarkResources
{
    /// <summary>The planner over the built-in processors (one per process: the catalogue is built by reflection).</summary>
    public static ResourcePlanner Planner { get; } = new(BuiltInProcessors.Catalogue());

    /// <summary>A YAML resource document around a <c>process</c> tree, with optional extra header sections.</summary>
    public static string Document(string processYaml, string extraYaml = "", string uri = "bench", string method = "get")
    {
        var text = new StringBuilder()
            .Append("name: bench\ndescription: bench\naccount: bench\napplication: bench\n")
            .Append("uri: ").Append(uri).Append("\nmethod: ").Append(method).Append("\nttl: 0\n")
            .Append(extraYaml.TrimEnd()).Append('\n')
            .Append("process:\n");
        foreach (var line in processYaml.TrimEnd().Split('\n'))
        {
            text.Append("  ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Loads and prepares a YAML document; a document the engine refuses stops the benchmark.</summary>
    public static PreparedResource Prepare(string documentYaml) =>
        Planner.Prepare(ResourceLoader.Load(documentYaml, "bench.yaml", DocumentFormat.Yaml));

    /// <summary>
    /// A 50-node <c>process</c> tree of everyday processors: a <c>concatenate</c> of one <c>var_int</c> and six
    /// <c>if_then_else</c> groups of 8 nodes (a comparison of a GET variable, a taken branch, an untaken branch).
    /// </summary>
    public static string FiftyNodeProcess()
    {
        var text = new StringBuilder("processor: concatenate\nid: root\nitems:\n");
        text.Append("  - processor: var_int\n    id: count\n    value: 6\n");
        for (var i = 0; i < 6; i++)
        {
            text.Append($"""
                  - processor: if_then_else
                    id: choose{i}
                    operator: "=="
                    lhs:
                      processor: var_get
                      id: name{i}
                      key: name
                    rhs:
                      processor: var_str
                      id: expected{i}
                      value: world
                    then:
                      processor: var_str
                      id: taken{i}
                      value: "yes "
                    else:
                      processor: concatenate
                      id: untaken{i}
                      items:
                        - processor: var_str
                          id: a{i}
                          value: "n"
                        - processor: var_str
                          id: b{i}
                          value: "o"
                        - processor: var_str
                          id: c{i}
                          value: " "

                """);
        }
        return text.ToString();
    }

    /// <summary>Throws when a benchmark's setup does not produce what it measures: a wrong result is not a timing.</summary>
    public static void Expect(object? actual, object? expected, string what)
    {
        if (!Equals(actual, expected))
        {
            throw new InvalidOperationException($"{what}: expected {expected ?? "null"}, got {actual ?? "null"}.");
        }
    }
}
