using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine.Validation;

/// <summary>The rule that a node's possible return types must meet the types the input it feeds accepts.</summary>
public class TypeRuleTests
{
    private const string Label = "Test resource";

    private static IReadOnlyList<ValidationError> Errors(string processYaml, string extra = "") =>
        Planner.Validator.Validate(ResourceLoader.Load(Resource(processYaml, extra), "test.yaml"));

    private static ValidationError Mismatch(string node, string input, string allowed, string child, string processor, string returns) =>
        new(Label, node, input, $"Input '{input}' accepts {allowed}, but node '{child}' ({processor}) returns {returns}.");

    /// <summary>An integer given where <c>math</c> takes a text formula.</summary>
    public const string NumberAsFormula = """
        processor: math
        id: sum
        formula:
          processor: var_int
          id: number
          value: 3
        """;

    [Test]
    public void A_node_whose_types_never_pass_the_input_is_reported_with_both_type_sets()
    {
        var errors = Errors(NumberAsFormula);
        Assert.That(errors, Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "number", "var_int", "integer") }));
        Assert.That(errors[0].ToString(), Is.EqualTo(
            "Resource 'Test resource': node 'sum', input 'formula': Input 'formula' accepts text, but node 'number' (var_int) returns integer."));
    }

    [Test]
    public void A_node_of_an_accepted_type_passes()
    {
        Assert.That(Errors("""
            processor: math
            id: sum
            formula:
              processor: var_str
              id: formula
              value: 1 + 2
            """), Is.Empty);
    }

    [TestCase("integer", true)]
    [TestCase("text", false)]
    public void Expected_type_narrows_a_request_variable(string expected, bool flagged)
    {
        var errors = Errors($"""
            processor: math
            id: sum
            formula:
              processor: var_get
              id: formula
              key: f
              expected_type: {expected}
            """);
        Assert.That(errors, flagged
            ? Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "formula", "var_get", "integer") })
            : Is.Empty);
    }

    [Test]
    public void A_computed_type_selector_means_any_type()
    {
        Assert.That(Errors("""
            processor: math
            id: sum
            formula:
              processor: cast
              id: cast
              data: 1
              data_type:
                processor: var_get
                id: type
                key: type
            """), Is.Empty);
    }

    [TestCase("cast", "data", "data_type")]
    [TestCase("var_literal", "value", "type")]
    public void A_literal_type_selector_narrows(string processor, string valueInput, string typeInput)
    {
        var errors = Errors($"""
            processor: math
            id: sum
            formula:
              processor: {processor}
              id: typed
              {valueInput}: 2
              {typeInput}: float
            """);
        Assert.That(errors, Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "typed", processor, "float") }));
    }

    [Test]
    public void Var_literal_without_a_type_returns_the_type_of_its_value()
    {
        var errors = Errors("""
            processor: math
            id: sum
            formula:
              processor: var_literal
              id: literal
              value: true
            """);
        Assert.That(errors, Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "literal", "var_literal", "boolean") }));
    }

    [Test]
    public void A_conditional_node_returns_the_union_of_its_branches()
    {
        const string tree = """
            processor: math
            id: sum
            formula:
              processor: if_then_else
              id: choose
              lhs: 1
              rhs: 1
              operator: ==
              then:
                processor: var_int
                id: one
                value: 1
              else: ELSE
            """;
        Assert.That(Errors(tree.Replace("ELSE", "2 + 2")), Is.Empty, "one branch gives text");
        Assert.That(Errors(tree.Replace("ELSE", "2.5")),
            Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "choose", "if_then_else", "float, integer") }));
    }

    [Test]
    public void A_missing_branch_adds_undefined_which_an_optional_input_accepts()
    {
        var errors = Errors("""
            processor: sort
            id: sorted
            values: [2, 1]
            direction:
              processor: if_then_else
              id: choose
              lhs: 1
              rhs: 2
              operator: ==
              then:
                processor: var_int
                id: one
                value: 1
            """);
        Assert.That(errors, Is.Empty, "undefined passes an optional input at run time");
    }

    [Test]
    public void Switch_and_sequential_return_one_of_their_entries()
    {
        Assert.That(Errors("""
            processor: math
            id: sum
            formula:
              processor: switch
              id: pick
              value: a
              cases:
                a: 1 + 1
                b:
                  processor: var_int
                  id: two
                  value: 2
            """), Is.Empty);
        Assert.That(Errors("""
            processor: math
            id: sum
            formula:
              processor: sequential
              id: steps
              sequence:
                - 1
                - processor: var_bool
                  id: flag
                  value: true
            """), Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "steps", "sequential", "boolean, integer") }));
    }

    [Test]
    public void Nested_conditional_nodes_and_fragments_are_followed()
    {
        var errors = Errors("""
            processor: math
            id: sum
            formula:
              processor: if_then_else
              id: outer
              lhs: 1
              rhs: 1
              operator: ==
              then:
                processor: sequential
                id: inner
                sequence:
                  - processor: fragment
                    id: use
                    name: number
              else: 3
            """, """
            fragments:
              number:
                processor: var_float
                id: f
                value: 1.5
            """);
        Assert.That(errors, Is.EqualTo(new[] { Mismatch("sum", "formula", "text", "outer", "if_then_else", "float, integer") }));
    }

    [Test]
    public void Each_node_of_a_list_given_to_a_multi_input_is_checked()
    {
        Assert.That(ErrorsWith(new TextList(), """
            processor: text_list
            id: list
            items:
              - processor: var_str
                id: fine
                value: a
              - processor: var_bool
                id: wrong
                value: true
              - processor: var_collection
                id: nested
                items: [a]
            """), Is.EqualTo(new[] { Mismatch("list", "items", "text", "wrong", "var_bool", "boolean") }),
            "a node returning a list feeds its items, which only run time can check");
    }

    [Test]
    public void A_processor_that_declares_no_returns_is_never_flagged()
    {
        Assert.That(new ProcessorDetails("Plugin", "Declares nothing.").Returns, Is.Null);
        Assert.That(ErrorsWith(new Undeclared(), """
            processor: math
            id: sum
            formula:
              processor: undeclared
              id: plugin
            """), Is.Empty);
    }

    /// <summary>Validates a tree against the built-ins plus <paramref name="extra"/>.</summary>
    private static IReadOnlyList<ValidationError> ErrorsWith(Processor extra, string processYaml) =>
        new ResourceValidator(ProcessorCatalogue.From([.. Catalogue.All, extra]))
            .Validate(ResourceLoader.Load(Resource(processYaml), "test.yaml"));

    /// <summary>A processor declaring nothing about what it returns, as a plugin may.</summary>
    private sealed class Undeclared : Processor
    {
        public override ProcessorDetails Details { get; } = new("Undeclared", "Returns an integer without saying so.")
        {
            Reads = RequestReads.None,
        };

        protected override NodeResult Process(NodeContext context) => DataContainer.Integer(1);
    }

    /// <summary>A processor taking a list of texts.</summary>
    private sealed class TextList : Processor
    {
        public override ProcessorDetails Details { get; } = new("Text list", "Takes texts.",
            new InputSpec("items", "Texts.") { Max = InputSpec.Many, LimitTypes = [DataType.Text] })
        {
            Returns = [DataType.Array],
            Reads = RequestReads.None,
        };

        protected override NodeResult Process(NodeContext context) => DataContainer.True;
    }
}

/// <summary>Every shipped resource and every ApiOpenStudio compatibility resource passes the type rule.</summary>
public class TypeRuleResourceTests
{
    private static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiStudio.sln")))
        {
            directory = directory.Parent;
        }
        return directory!.FullName;
    }

    private static IEnumerable<string> Files() =>
        new[] { "resources", Path.Combine("Tests", "Resources") }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository(), folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository(), f))
            // ApiOpenStudio's own files (some of them invalid on purpose) have their own test.
            .Where(f => !f.StartsWith(Path.Combine("Tests", "Resources", "ApiOpenStudio") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Test]
    public void Resources_are_found() => Assert.That(Files().Count(), Is.GreaterThan(40));

    [TestCaseSource(nameof(Files))]
    public void No_node_is_flagged_for_its_type(string file)
    {
        var document = ResourceLoader.LoadFile(Path.Combine(Repository(), file));
        // Compatibility resources may lack a host environment; only this rule's findings matter here.
        Assert.That(Planner.Validator.Validate(document).Where(e => e.Message.Contains(" returns ", StringComparison.Ordinal))
            .Select(e => e.ToString()), Is.Empty);
    }
}
