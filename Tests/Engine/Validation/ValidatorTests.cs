using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Tests.Validation.Fixtures;
using static ApiStudio.Tests.Support.TestEngine;
using static ApiStudio.Tests.Validation.Fixtures.TestDocuments;

namespace ApiStudio.Tests.Engine.Validation;

/// <summary>One test per validation rule, each asserting the error's node id, input and message.</summary>
public class ValidatorTests
{
    private const string Label = "Test resource";

    private const string Hello = """
        processor: var_str
        id: hello
        value: Hello
        """;

    // ---- header keys ----

    [Test]
    public void A_valid_document_has_no_errors()
    {
        Assert.That(Errors(Resource(Hello)), Is.Empty);
    }

    [Test]
    public void Missing_required_keys_are_each_reported()
    {
        var errors = Errors("""
            process: 1
            """);
        Assert.That(errors, Is.EquivalentTo(new[]
        {
            new ValidationError("test.yaml", null, "name", "'name' is required."),
            new ValidationError("test.yaml", null, "description", "'description' is required."),
            new ValidationError("test.yaml", null, "uri", "'uri' is required."),
            new ValidationError("test.yaml", null, "method", "'method' is required."),
            new ValidationError("test.yaml", null, "ttl", "'ttl' is required."),
            new ValidationError("test.yaml", null, "account", "'account' is required (or an ApiOpenStudio 'appid')."),
            new ValidationError("test.yaml", null, "application", "'application' is required (or an ApiOpenStudio 'appid')."),
        }));
    }

    [Test]
    public void Missing_process_is_reported()
    {
        var errors = Errors(Header);
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, null, "process", "'process' is required.") }));
    }

    [Test]
    public void A_present_but_empty_key_is_reported_as_empty()
    {
        var errors = Errors(Header.Replace("description: A resource written by a test.", "description:") + "process: 1\n");
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, null, "description", "'description' must not be empty.") }));
    }

    [Test]
    public void An_empty_process_is_rejected()
    {
        var errors = Errors(Header + "process:\n");
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "process", "'process' must not be empty: give a processor node or a literal."),
        }));
    }

    [Test]
    public void A_header_value_of_the_wrong_type_is_reported_once()
    {
        var errors = Errors(Header.Replace("ttl: 0", "ttl: [1]") + "process: 1\n");
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, null, null, "'ttl' must be an integer.") }));
    }

    [TestCase("fetch")]
    [TestCase("options")]
    public void A_method_outside_the_five_is_rejected(string method)
    {
        var errors = Errors(Header.Replace("method: get", $"method: {method}") + "process: 1\n");
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "method", $"'method' must be one of get, post, put, patch, delete; got '{method}'."),
        }));
    }

    [Test]
    public void A_method_in_upper_case_is_accepted()
    {
        var document = Load(Header.Replace("method: get", "method: PATCH") + "process: 1\n");
        Assert.That(Validate(document), Is.Empty);
        Assert.That(document.Method, Is.EqualTo("patch"));
    }

    [Test]
    public void A_negative_ttl_is_rejected()
    {
        var errors = Errors(Header.Replace("ttl: 0", "ttl: -1") + "process: 1\n");
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, null, "ttl", "'ttl' must be 0 or more seconds; got -1.") }));
    }

    [TestCase("users/{id}/posts")]
    [TestCase("a-b.c_d~e/{post_id}/{Name2}")]
    [TestCase("/leading/and/trailing/")]
    public void A_well_formed_uri_is_accepted(string uri)
    {
        Assert.That(Errors(WithUri(uri)), Is.Empty);
    }

    [TestCase("a//b", "'uri' has an empty segment: 'a//b'.")]
    [TestCase("users/{1x}", "'uri' segment '{1x}' must be a whole parameter {name}, the name made of letters, digits and underscores and not starting with a digit.")]
    [TestCase("users/a{id}", "'uri' segment 'a{id}' must be a whole parameter {name}, the name made of letters, digits and underscores and not starting with a digit.")]
    [TestCase("users/{}", "'uri' segment '{}' must be a whole parameter {name}, the name made of letters, digits and underscores and not starting with a digit.")]
    [TestCase("users/{id-x}", "'uri' segment '{id-x}' must be a whole parameter {name}, the name made of letters, digits and underscores and not starting with a digit.")]
    [TestCase("{id}/x/{id}", "'uri' names the parameter 'id' twice.")]
    [TestCase("a b", "'uri' segment 'a b' holds ' '; segments are made of letters, digits and - . _ ~.")]
    [TestCase("search?q=1", "'uri' segment 'search?q=1' holds '?'; segments are made of letters, digits and - . _ ~.")]
    [TestCase("a/../b", "'uri' segment '..' is not allowed.")]
    [TestCase("/", "'uri' must not be empty.")]
    public void A_malformed_uri_is_rejected(string uri, string message)
    {
        Assert.That(Errors(WithUri(uri)), Is.EqualTo(new[] { new ValidationError(Label, null, "uri", message) }));
    }

    [Test]
    public void An_appid_replaces_account_and_application()
    {
        var yaml = Header.Replace("account: tests\n", "").Replace("application: unit\n", "appid: 7\n") + "process: 1\n";
        Assert.That(Errors(yaml), Is.Empty);
    }

    [Test]
    public void An_account_without_application_is_rejected()
    {
        var errors = Errors(Header.Replace("application: unit\n", "") + "process: 1\n");
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, null, "application", "'application' is required with 'account'.") }));
    }

    // ---- environment ----

    [Test]
    public void An_application_that_does_not_exist_is_rejected()
    {
        var errors = Errors(Resource(Hello), new TestEnvironment());
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "application", "Application 'unit' does not exist in account 'tests'."),
        }));
        Assert.That(Errors(Resource(Hello), Environment()), Is.Empty);
    }

    [Test]
    public void An_appid_that_does_not_resolve_is_rejected()
    {
        var yaml = Header.Replace("account: tests\n", "").Replace("application: unit\n", "appid: 8\n") + "process: 1\n";
        Assert.That(Errors(yaml, Environment()), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "appid", "No application has the id 8."),
        }));
    }

    [Test]
    public void An_appid_naming_another_application_than_account_and_application_is_rejected()
    {
        var environment = Environment();
        environment.Applications[9] = ("tests", "other");
        var errors = Errors(Resource(Hello, "appid: 9"), environment);
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "appid", "'appid' 9 is application 'other' of account 'tests', not 'unit' of 'tests'."),
        }));
    }

    [Test]
    public void An_identity_already_taken_is_rejected()
    {
        var environment = Environment();
        environment.Taken.Add("tests/unit/get/test");
        Assert.That(Errors(Resource(Hello), environment), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "uri", "Another resource already has the identity (tests, unit, get, test)."),
        }));
    }

    [Test]
    public void An_identity_taken_through_an_appid_is_rejected()
    {
        var environment = Environment();
        environment.Taken.Add("tests/unit/get/test");
        var yaml = Header.Replace("account: tests\n", "").Replace("application: unit\n", "appid: 7\n") + "process: 1\n";
        Assert.That(Errors(yaml, environment), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "uri", "Another resource already has the identity (tests, unit, get, test)."),
        }));
    }

    // ---- nodes ----

    [Test]
    public void An_unknown_processor_is_rejected_with_its_node_id()
    {
        var errors = Errors(Resource("""
            processor: foo_bar
            id: x
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "x", null, "Unknown processor: foo_bar in node 'x'") }));
    }

    [Test]
    public void A_map_with_processor_but_no_id_is_an_error_not_a_literal()
    {
        var errors = Errors(Resource("""
            processor: concatenate
            id: outer
            items:
              - a
              - processor: var_str
                value: b
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "outer", "items",
                "A map with 'processor' (var_str) but no 'id' is not a processor node: give it a unique id."),
        }));
    }

    [Test]
    public void A_map_with_id_but_no_processor_is_an_error_not_a_literal()
    {
        var errors = Errors(Resource("""
            a: 1
            nested:
              id: inner
              value: b
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "inner", null,
                "A map with 'id' but no 'processor' is not a processor node: give it a processor, or do not use 'id' in a literal map."),
        }));
    }

    [Test]
    public void A_processor_that_is_not_text_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: [var_str]
            id: x
            value: a
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", null, "'processor' must be the machine name of a processor (text)."),
        }));
    }

    [Test]
    public void An_empty_id_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: var_str
            id: ""
            value: a
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "process", "'id' of a processor node must be non-empty text."),
        }));
    }

    [Test]
    public void Security_that_is_a_literal_is_rejected()
    {
        var errors = Errors(Resource(Hello, "security: everyone"));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "security", "'security' must be one processor node from the Security menu."),
        }));
    }

    [Test]
    public void Security_that_is_empty_is_rejected_not_public()
    {
        var errors = Errors(Resource(Hello, "security:"));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "security", "'security' must be one processor node from the Security menu."),
        }));
    }

    [Test]
    public void Security_that_is_a_list_is_rejected()
    {
        var errors = Errors(Resource(Hello, """
            security:
              - processor: security_stand_in
                id: gate
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "security", "'security' must be one processor node from the Security menu."),
        }));
    }

    [Test]
    public void Security_from_another_menu_is_rejected()
    {
        var errors = Errors(Resource(Hello, """
            security:
              processor: var_str
              id: gate
              value: yes
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "gate", "security",
                "'security' must be a processor from the Security menu; 'var_str' is from the Primitive menu."),
        }));
    }

    [Test]
    public void Security_from_the_security_menu_is_accepted()
    {
        Assert.That(Errors(Resource(Hello, """
            security:
              processor: security_stand_in
              id: gate
            """)), Is.Empty);
    }

    [Test]
    public void Duplicate_node_ids_are_reported_across_every_section()
    {
        var errors = Errors(Resource("""
            processor: concatenate
            id: dup
            items:
              - processor: var_str
                id: dup
                value: a
              - processor: var_str
                id: other
                value: b
            """, """
            security:
              processor: security_stand_in
              id: dup
            fragments:
              piece:
                processor: var_str
                id: dup
                value: c
            output:
              - processor: output_stand_in
                id: other
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "dup", null, "Node id 'dup' is not unique: it is already used in security."),
            new ValidationError(Label, "dup", null, "Node id 'dup' is not unique: it is already used in security."),
            new ValidationError(Label, "dup", null, "Node id 'dup' is not unique: it is already used in security."),
            new ValidationError(Label, "other", null, "Node id 'other' is not unique: it is already used in process."),
        }));
    }

    [Test]
    public void The_walk_does_not_stop_at_an_unknown_processor()
    {
        var errors = Errors(Resource("""
            processor: foo_bar
            id: x
            anything:
              processor: var_str
              id: x
              value: 5
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", null, "Unknown processor: foo_bar in node 'x'"),
            new ValidationError(Label, "x", null, "Node id 'x' is not unique: it is already used in process."),
            new ValidationError(Label, "x", "value", "Input 'value' does not accept type integer; allowed: text."),
        }));
    }

    // ---- inputs ----

    [Test]
    public void An_undeclared_input_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: var_str
            id: x
            value: a
            colour: red
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "colour", "Processor 'var_str' has no input 'colour' (inputs: value)."),
        }));
    }

    [Test]
    public void A_missing_required_input_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: var_str
            id: x
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "x", "value", "Input 'value' is required.") }));
    }

    [Test]
    public void A_list_with_too_few_items_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: concatenate
            id: x
            items: [a]
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "x", "items", "Input 'items' takes [2, *] values, got 1.") }));
    }

    [Test]
    public void A_single_value_counts_one_for_a_multi_input()
    {
        var errors = Errors(Resource("""
            processor: concatenate
            id: x
            items: a
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "x", "items", "Input 'items' takes [2, *] values, got 1.") }));
    }

    [Test]
    public void A_single_node_for_a_multi_input_is_counted_at_run_time()
    {
        Assert.That(Errors(Resource("""
            processor: concatenate
            id: x
            items:
              processor: var_str
              id: list
              value: a
            """)), Is.Empty);
    }

    [Test]
    public void A_list_with_too_many_items_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: pick_stand_in
            id: x
            source: { processor: var_str, id: s, value: a }
            extras: [a, b, c]
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "x", "extras", "Input 'extras' takes [0, 2] values, got 3.") }));
    }

    [Test]
    public void A_list_for_a_single_valued_input_is_one_array_value()
    {
        var errors = Errors(Resource("""
            processor: var_str
            id: x
            value: [a, b]
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "value", "Input 'value' does not accept type array; allowed: text."),
        }));
    }

    [Test]
    public void A_literal_where_only_nodes_are_allowed_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: pick_stand_in
            id: x
            source: a
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "source", "Input 'source' must be a processor node, not a literal."),
        }));
    }

    [Test]
    public void A_processor_outside_limit_processors_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: pick_stand_in
            id: x
            source:
              processor: concatenate
              id: c
              items: [a, b]
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "source",
                "Input 'source' does not accept processor 'concatenate' (node 'c'); allowed: var_str."),
        }));
    }

    [Test]
    public void Limit_processors_is_checked_for_every_node_in_lists()
    {
        var errors = Errors(Resource("""
            processor: pick_stand_in
            id: x
            source: { processor: var_str, id: s, value: a }
            extras:
              - { processor: var_str, id: ok, value: a }
              - { processor: concatenate, id: c1, items: [a, b] }
            bag:
              - plain
              - nested: { processor: concatenate, id: c2, items: [a, b] }
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "extras", "Input 'extras' does not accept processor 'concatenate' (node 'c1'); allowed: var_str."),
            new ValidationError(Label, "x", "bag", "Input 'bag' does not accept processor 'concatenate' (node 'c2'); allowed: var_str."),
        }));
    }

    [Test]
    public void A_literal_of_a_type_outside_limit_types_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: var_str
            id: x
            value: 5
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "value", "Input 'value' does not accept type integer; allowed: text."),
        }));
    }

    [Test]
    public void A_literal_outside_limit_values_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: if_then_else
            id: x
            lhs: 1
            rhs: 2
            operator: "=~"
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "operator", "Input 'operator' does not accept the value '=~'; allowed: ==, !=, >, >=, <, <=."),
        }));
    }

    [Test]
    public void A_list_for_an_input_with_limit_values_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: pick_stand_in
            id: x
            source: { processor: var_str, id: s, value: a }
            mode: [fast]
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "x", "mode", "Input 'mode' does not accept the value '[...]'; allowed: fast, slow."),
        }));
    }

    [Test]
    public void A_node_for_an_input_with_limit_types_is_checked_at_run_time()
    {
        Assert.That(Errors(Resource("""
            processor: var_str
            id: x
            value:
              processor: concatenate
              id: c
              items: [a, 1]
            """)), Is.Empty);
    }

    // ---- fragments ----

    [Test]
    public void A_reference_to_an_undeclared_fragment_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: fragment
            id: f
            name: missing
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "f", "name", "Fragment 'missing' is not declared.") }));
    }

    [Test]
    public void A_fragment_name_that_is_not_text_is_rejected()
    {
        var errors = Errors(Resource("""
            processor: fragment
            id: f
            name: { processor: var_str, id: n, value: piece }
            """, """
            fragments:
              piece: 1
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "f", "name", "A fragment node names a declared fragment in 'name', as text."),
        }));
    }

    [Test]
    public void A_reference_to_a_declared_fragment_is_accepted()
    {
        Assert.That(Errors(Resource("""
            processor: fragment
            id: f
            name: piece
            """, """
            fragments:
              piece:
                processor: fragment
                id: g
                name: leaf
              leaf: 1
            """)), Is.Empty);
    }

    [Test]
    public void A_fragment_referring_to_itself_is_rejected()
    {
        var errors = Errors(Resource("1", """
            fragments:
              loop:
                processor: concatenate
                id: c
                items:
                  - a
                  - processor: fragment
                    id: again
                    name: loop
            """));
        Assert.That(errors, Is.EqualTo(new[] { new ValidationError(Label, "again", "name", "Fragment 'loop' refers to itself.") }));
    }

    [Test]
    public void Fragments_referring_to_each_other_in_a_cycle_are_rejected_naming_the_cycle()
    {
        var errors = Errors(Resource("1", """
            fragments:
              a: { processor: fragment, id: to_b, name: b }
              b: { processor: fragment, id: to_c, name: c }
              c: { processor: fragment, id: to_a, name: a }
              d: { processor: fragment, id: to_a2, name: a }
            """));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "to_a", "name", "Fragments refer to each other in a cycle: a -> b -> c -> a."),
        }));
    }

    // ---- output ----

    [Test]
    public void Output_response_an_output_node_or_a_list_of_those_is_accepted()
    {
        Assert.That(Errors(Resource(Hello, "output: response")), Is.Empty);
        Assert.That(Errors(Resource(Hello, "output: { processor: output_stand_in, id: out }")), Is.Empty);
        Assert.That(Errors(Resource(Hello, "output: [response, { processor: output_stand_in, id: out }]")), Is.Empty);
    }

    [Test]
    public void Output_that_is_another_literal_is_rejected()
    {
        var errors = Errors(Resource(Hello, "output: [response, email]"));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "output", "'output' must be 'response', a node from the Output menu, or a list of those."),
        }));
    }

    [Test]
    public void Output_from_another_menu_is_rejected()
    {
        var errors = Errors(Resource(Hello, "output: { processor: var_str, id: out, value: a }"));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, "out", "output", "Outputs are processors from the Output menu; 'var_str' is from the Primitive menu."),
        }));
    }

    [Test]
    public void An_empty_output_list_is_rejected()
    {
        var errors = Errors(Resource(Hello, "output: []"));
        Assert.That(errors, Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "output", "'output' lists no outputs: give 'response' and/or output nodes, or leave it out."),
        }));
    }

    // ---- limits (documents built in code: the loader enforces them while reading) ----

    [Test]
    public void More_than_10000_nodes_are_rejected()
    {
        var items = new List<Element>();
        for (var i = 0; i < 10_000; i++)
        {
            items.Add(Text($"n{i}", "a"));
        }
        var document = Built(Node("concatenate", "root", ("items", new ListElement(items))));
        Assert.That(Validate(document), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, null, "The resource holds 10,001 processor nodes; the limit is 10,000."),
        }));
        items.RemoveAt(0);
        Assert.That(Validate(Built(Node("concatenate", "root", ("items", new ListElement(items))))), Is.Empty);
    }

    [Test]
    public void Nodes_nested_deeper_than_256_are_rejected()
    {
        Assert.That(Validate(Built(Chain(256))), Is.Empty);
        Assert.That(Validate(Built(Chain(257))), Is.EqualTo(new[]
        {
            new ValidationError(Label, "n257", null, "Processor nodes are nested deeper than 256 levels."),
        }));
    }

    [Test]
    public void Lists_nested_100000_deep_are_rejected_without_overflowing_the_stack()
    {
        Element element = new LiteralElement("bottom");
        for (var i = 0; i < 100_000; i++)
        {
            element = new ListElement([element]);
        }
        Assert.That(Validate(Built(element)), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, "process", "Lists and maps are nested deeper than 1024 levels."),
        }));
    }

    [Test]
    public void Shared_sub_trees_built_in_code_cannot_make_the_walk_explode()
    {
        Element element = new LiteralElement("leaf");
        for (var i = 0; i < 64; i++)
        {
            element = new ListElement([element, element]);
        }
        Assert.That(Validate(Built(element)), Is.EqualTo(new[]
        {
            new ValidationError(Label, null, null, "The resource expands to more than 200,000 values."),
        }));
    }

    // ---- robustness ----

    [Test]
    public void An_empty_document_built_in_code_is_reported_not_thrown()
    {
        var errors = Validate(new ResourceDocument { Source = "code" });
        Assert.That(errors.Select(e => e.Message), Does.Contain("'process' is required."));
        Assert.That(errors.Select(e => e.Message), Does.Contain("'name' is required."));
    }

    [Test]
    public void A_list_or_a_map_as_process_is_a_literal()
    {
        Assert.That(Errors(Resource("[a, { processor: var_str, id: x, value: b }]")), Is.Empty);
        Assert.That(Errors(Resource("{ key: value, other: [1, 2] }")), Is.Empty);
    }

    [Test]
    public void Preparing_an_invalid_document_throws_every_error()
    {
        var document = Load(Resource("""
            processor: foo_bar
            id: x
            value: { processor: var_str, id: x }
            """));
        var exception = Assert.Throws<ResourceValidationException>(() => ValidationCatalogue.Planner.Prepare(document));
        Assert.That(exception!.Errors, Has.Count.EqualTo(3));
        Assert.That(exception.Message, Does.Contain("Resource 'Test resource': node 'x': Unknown processor: foo_bar in node 'x'"));
        Assert.That(exception.Message, Does.Contain("Resource 'Test resource': node 'x', input 'value': Input 'value' is required."));
    }

    // ---- helpers ----

    private static string WithUri(string uri) => Header.Replace("uri: test", $"uri: \"{uri}\"") + "process: 1\n";

    private static TestEnvironment Environment()
    {
        var environment = new TestEnvironment();
        environment.Applications[7] = ("tests", "unit");
        return environment;
    }

    private static ResourceDocument Load(string yaml) => ResourceLoader.Load(yaml, "test.yaml");

    private static IReadOnlyList<ValidationError> Validate(ResourceDocument document, IResourceEnvironment? environment = null) =>
        ValidationCatalogue.Validator.Validate(document, environment);

    private static IReadOnlyList<ValidationError> Errors(string yaml, IResourceEnvironment? environment = null) =>
        Validate(Load(yaml), environment);

    private static ResourceDocument Built(Element process) => new()
    {
        Source = "code",
        Name = Label,
        Description = "Built in code.",
        Account = "tests",
        Application = "unit",
        Uri = "test",
        Method = "get",
        Ttl = 0,
        Process = process,
    };

    private static NodeElement Node(string processor, string id, params (string Key, Element Value)[] inputs) =>
        new(processor, id, inputs.Select(i => new KeyValuePair<string, Element>(i.Key, i.Value)).ToList());

    private static NodeElement Text(string id, string value) => Node("var_str", id, ("value", new LiteralElement(value)));

    /// <summary><c>var_str</c> nodes nested <paramref name="depth"/> deep: n1 holds n2 ... holds a literal.</summary>
    private static NodeElement Chain(int depth)
    {
        var node = Text($"n{depth}", "bottom");
        for (var i = depth - 1; i >= 1; i--)
        {
            node = Node("var_str", $"n{i}", ("value", node));
        }
        return node;
    }
}
