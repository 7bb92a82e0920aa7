using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Tests.Validation.Fixtures;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine.Validation;

/// <summary>A misspelt processor, input or fragment name is refused with the nearest known name suggested.</summary>
public class SuggestionTests
{
    private const string Label = "Test resource";

    private static IReadOnlyList<ValidationError> Errors(string processYaml, string extra = "") =>
        ValidationCatalogue.Validator.Validate(ResourceLoader.Load(Resource(processYaml, extra), "test.yaml"));

    [TestCase("var_gte", "var_get")]
    [TestCase("VarGet", "var_get")]
    [TestCase("var-get", "var_get")]
    [TestCase("concatenat", "concatenate")]
    [TestCase("if_than_else", "if_then_else")]
    [TestCase("var_store_updte", "var_store_update")]
    [TestCase("regex_replac", "regex_replace")]
    public void An_unknown_processor_suggests_the_nearest_name(string written, string meant)
    {
        var errors = Errors($"processor: {written}\nid: x");
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", null, $"Unknown processor: {written} in node 'x'; did you mean '{meant}'?"),
        }));
    }

    [TestCase("foo_bar")]
    [TestCase("get")]
    [TestCase("send_sms")]
    public void A_name_near_nothing_suggests_nothing(string written) =>
        Assert.That(Errors($"processor: {written}\nid: x").Single().Message, Is.EqualTo($"Unknown processor: {written} in node 'x'"));

    [Test]
    public void An_unknown_input_suggests_the_nearest_input()
    {
        var errors = Errors("processor: var_get\nid: x\nkey: a\nnulable: true");
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "nulable",
                "Processor 'var_get' has no input 'nulable' (inputs: key, expected_type, nullable); did you mean 'nullable'?"),
        }));
    }

    [Test]
    public void An_unknown_input_near_nothing_lists_the_inputs_only() =>
        Assert.That(Errors("processor: var_str\nid: x\nvalue: a\ncolour: red").Single().Message,
            Is.EqualTo("Processor 'var_str' has no input 'colour' (inputs: value)."));

    [Test]
    public void An_undeclared_fragment_suggests_the_nearest_declared_one()
    {
        var errors = Errors("processor: fragment\nid: use\nname: greting", "fragments:\n  greeting: Hello\n  farewell: Bye");
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "use", "name", "Fragment 'greting' is not declared; did you mean 'greeting'?"),
        }));
    }

    [TestCase("sort", new[] { "ports", "sorts" }, "sorts")]
    [TestCase("sort", new[] { "ports" }, null)]
    [TestCase("srot", new[] { "sort", "short" }, "sort")]
    [TestCase("abc", new[] { "xyz" }, null)]
    [TestCase("map", new[] { "map", "max" }, null)]
    [TestCase("maq", new[] { "max", "map" }, "max")]
    public void The_nearest_name_is_the_first_of_the_fewest_edits_within_reach(string name, string[] candidates, string? expected) =>
        Assert.That(NearestName.Find(name, candidates), Is.EqualTo(expected));
}
