using ApiStudio.Engine.Resources;
using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Studio.Editor;
using BenchmarkDotNet.Attributes;

namespace ApiStudio.Benchmarks;

/// <summary>
/// The studio editor's document model on a 1,000-node resource: opening it (load into the model), the round trip
/// after every edit (one edit, write the text, validate), and the canvas layout.
/// </summary>
[Config(typeof(ShortConfig))]
public class EditorBenchmarks
{
    private string _text = null!;
    private EditorDocument _model = null!;
    private EditorSlot _edited = null!;
    private int _edits;

    [GlobalSetup]
    public void Setup()
    {
        _text = EditorSamples.Document(1_000);
        _model = EditorDocument.Load(_text, BenchmarkResources.Planner.Validator, "bench.yaml");
        // The history would grow with every measured edit; a short one keeps the measure steady.
        _model.History.Limit = 16;
        BenchmarkResources.Expect(_model.NodeCount, 1_000, "nodes in the model");
        BenchmarkResources.Expect(_model.Validate().All.Count, 0, "validation errors");
        BenchmarkResources.Expect(_model.ToText(), _text, "round trip");
        var leaf = _model.Nodes().Last(n => n.Processor == "var_str");
        _edited = EditorSlot.Of(leaf, "value");
        BenchmarkResources.Expect(TreeLayout.Arrange(_model, Size).Cards.Count, 1_000, "cards laid out");
    }

    [Benchmark(Description = "editor: load 1,000-node document into the model")]
    public object Load() => EditorDocument.Load(_text, BenchmarkResources.Planner.Validator, "bench.yaml");

    [Benchmark(Description = "editor: one edit + serialize + validate (1,000 nodes)")]
    public object EditSerializeValidate()
    {
        _model.SetLiteral(_edited, (_edits++ & 1) == 0 ? "edited" : "again");
        var text = _model.ToText(DocumentFormat.Yaml);
        return (text, _model.Validate());
    }

    [Benchmark(Description = "editor: validate (1,000 nodes)")]
    public object Validate() => _model.Validate();

    [Benchmark(Description = "editor: tidy-tree layout (1,000 nodes)")]
    public object Layout() => TreeLayout.Arrange(_model, Size);

    private static CardSize Size(EditorNode node) => new(160 + node.Id.Length * 4, 40 + 18 * node.Inputs.Count);
}
