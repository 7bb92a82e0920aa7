using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.Rejections;

namespace ApiStudio.Tests.Processors;

/// <summary>
/// Every input rule a processor declares, tried on a node with id <c>p</c>: each required input missing (refused at
/// publish, and at run time without validation), each typed input given a literal and a computed value of another
/// type, each limited input given a value outside its list, and each default compared with writing it out. The cases
/// come from the declaration, so a rule added later is tried too. Run by each processor's fixture.
/// </summary>
public abstract class InputRulesContract
{
    // A value of each type, written as a literal and as a node that computes it.
    private static readonly (DataType Type, string Literal, string Node)[] Samples =
    [
        (DataType.Text, "'sample'", "{processor: var_str, id: wrong, value: 'sample'}"),
        (DataType.Integer, "7", "{processor: var_int, id: wrong, value: 7}"),
        (DataType.Float, "2.5", "{processor: var_float, id: wrong, value: 2.5}"),
        (DataType.Boolean, "true", "{processor: var_bool, id: wrong, value: true}"),
        (DataType.Array, "[1, 2]", "{processor: var_collection, id: wrong, items: [1, 2]}"),
    ];

    /// <summary>The machine name under test.</summary>
    protected abstract string Processor { get; }

    /// <summary>The inputs of a node that runs, as (name, YAML value).</summary>
    protected abstract (string Name, string Yaml)[] Valid { get; }

    /// <summary>False for a processor whose result differs from run to run: its defaults are not compared.</summary>
    protected virtual bool Deterministic => true;

    private IReadOnlyList<InputSpec> Inputs => TestEngine.Catalogue.Find(Processor)!.Details.Inputs;

    /// <summary>The node with the given inputs.</summary>
    protected string Node(IEnumerable<(string Name, string Yaml)> inputs) =>
        $"processor: {Processor}\nid: p\n" + string.Join("\n", inputs.Select(input => $"{input.Name}: {input.Yaml}"));

    /// <summary>The valid node with one input replaced (or removed when <paramref name="yaml"/> is null).</summary>
    protected string With(string name, string? yaml) =>
        Node(Valid.Where(input => input.Name != name).Concat(yaml is null ? [] : [(name, yaml)]));

    [Test]
    public async Task A_node_with_valid_inputs_runs() => Assert.That(await TestEngine.Run(Node(Valid)), Is.Not.Null);

    [Test]
    public void The_description_gives_an_example() =>
        Assert.That(TestEngine.Catalogue.Find(Processor)!.Details.Description, Does.Contain("Example"));

    [Test]
    public async Task Each_required_input_is_refused_at_publish_when_missing_naming_the_node()
    {
        foreach (var spec in Inputs.Where(spec => spec.Required && spec.Default is null))
        {
            IsMissingAtPublish(await Rejected(With(spec.Name, null)), "p", spec.Name);
        }
    }

    [Test]
    public async Task Each_required_input_is_refused_at_run_time_when_missing_naming_the_node()
    {
        foreach (var spec in Inputs.Where(spec => spec.Required && spec.Default is null))
        {
            IsMissingAtRunTime(await TestCatalogue.RunUnvalidatedFails(With(spec.Name, null)), "p", spec.Name);
        }
    }

    [Test]
    public async Task A_literal_of_a_type_an_input_does_not_take_is_refused_at_publish_naming_the_node()
    {
        foreach (var spec in Inputs.Where(spec => spec.LimitTypes.Count > 0))
        {
            var wrong = Samples.First(sample => !spec.LimitTypes.Contains(sample.Type));
            var refused = await Rejected(With(spec.Name, wrong.Literal));
            Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "p", spec.Name)), spec.Name);
            Assert.That(refused.Message, Does.Contain(InputChecks.TypeMessage(spec, wrong.Type)));
        }
    }

    [Test]
    public async Task A_computed_value_of_a_type_an_input_does_not_take_is_refused_at_run_time_naming_the_node()
    {
        foreach (var spec in Inputs.Where(spec => spec.LimitTypes.Count > 0 && spec.NodeAllowed))
        {
            var wrong = Samples.First(sample => !spec.LimitTypes.Contains(sample.Type));
            var error = await TestEngine.RunUnvalidatedFails(With(spec.Name, wrong.Node));
            Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("p", ErrorCodes.InvalidInput, 400)), spec.Name);
            Assert.That(error.Message, Is.EqualTo(InputChecks.TypeMessage(spec, wrong.Type) + " (node 'p')"));
        }
    }

    [Test]
    public async Task A_value_outside_the_allowed_ones_is_refused_naming_the_node()
    {
        foreach (var spec in Inputs.Where(spec => spec.LimitValues.Count > 0))
        {
            var (literal, value) = spec.LimitTypes.Contains(DataType.Text) ? ("not_allowed", (object)"not_allowed") : ("999", 999L);
            var refused = await Rejected(With(spec.Name, literal));
            Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "p", spec.Name)), spec.Name);
            Assert.That(refused.Message, Does.Contain(InputChecks.ValueMessage(spec, value)));
            var error = await TestEngine.RunUnvalidatedFails(With(spec.Name, Samples.First(s => s.Type == (value is string ? DataType.Text : DataType.Integer)).Node
                .Replace(value is string ? "'sample'" : "7", literal, StringComparison.Ordinal)));
            Assert.That((error.ProcessorId, error.Message), Is.EqualTo(("p", InputChecks.ValueMessage(spec, value) + " (node 'p')")));
        }
    }

    [Test]
    public async Task Each_default_means_the_same_as_writing_it()
    {
        foreach (var spec in Inputs.Where(spec => spec.Default is not null))
        {
            var absent = await TestEngine.Run(With(spec.Name, null));
            var written = await TestEngine.Run(With(spec.Name, Yaml(spec.Default)));
            // A result that differs from run to run is compared by type only.
            Assert.That(Deterministic ? (absent.Type, absent.ToString()) : (absent.Type, ""),
                Is.EqualTo(Deterministic ? (written.Type, written.ToString()) : (written.Type, "")), spec.Name);
        }
    }

    private static string Yaml(object? value) => value switch
    {
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
