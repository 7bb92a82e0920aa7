using System.Globalization;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Validation.Fixtures;
using static ApiStudio.Tests.Validation.Fixtures.TestDocuments;

namespace ApiStudio.Tests.Engine.Resources;

/// <summary>Loading resource documents: one model for YAML and JSON, and every limit enforced while reading.</summary>
public class LoaderTests
{
    // ---- one model ----

    [Test]
    public void Yaml_and_json_load_into_the_same_model()
    {
        var yaml = ResourceLoader.Load("""
            name: Greeting
            description: Says hello.
            account: acme
            application: shop
            uri: /hello/{name}/
            method: POST
            ttl: 30
            fragments:
              who: { processor: var_str, id: who, value: world }
            process:
              processor: concatenate
              id: greeting
              items:
                - "Hello, "
                - { processor: fragment, id: ref, name: who }
                - [1, 2.5, true, null, { k: v }]
            output: [response]
            openapi: { summary: Greets }
            """, "greeting.yaml");
        var json = ResourceLoader.Load("""
            {
              "name": "Greeting",
              "description": "Says hello.",
              "account": "acme",
              "application": "shop",
              "uri": "/hello/{name}/",
              "method": "POST",
              "ttl": 30,
              "fragments": { "who": { "processor": "var_str", "id": "who", "value": "world" } },
              "process": {
                "processor": "concatenate",
                "id": "greeting",
                "items": ["Hello, ", { "processor": "fragment", "id": "ref", "name": "who" }, [1, 2.5, true, null, { "k": "v" }]]
              },
              "output": ["response"],
              "openapi": { "summary": "Greets" }
            }
            """, "greeting.json");
        foreach (var document in new[] { yaml, json })
        {
            Assert.That(document.Uri, Is.EqualTo("hello/{name}"));
            Assert.That(document.Method, Is.EqualTo("post"));
            Assert.That(document.Ttl, Is.EqualTo(30));
            Assert.That(document.HeaderErrors, Is.Empty);
            Assert.That(document.Fragments.Single().Key, Is.EqualTo("who"));
            Assert.That(PlainJson.Serialize(document.OpenApi), Is.EqualTo("""{"summary":"Greets"}"""));
            Assert.That(document.Process, Is.InstanceOf<NodeElement>());
            Assert.That(Validate(document), Is.Empty);
        }
        Assert.That(Dump(json.Process!), Is.EqualTo(Dump(yaml.Process!)));
        Assert.That(Dump(json.Fragments[0].Value), Is.EqualTo(Dump(yaml.Fragments[0].Value)));
        Assert.That(Dump(json.Output!), Is.EqualTo(Dump(yaml.Output!)));
        Assert.That(Dump(yaml.Process!), Is.EqualTo(
            "node concatenate#greeting(items=[text:Hello, , node fragment#ref(name=text:who), [integer:1, float:2.5, boolean:True, null, {k=text:v}]])"));
    }

    [Test]
    public void An_appid_is_accepted_instead_of_account_and_application()
    {
        var document = ResourceLoader.Load("""
            name: Hello
            description: d
            appid: 3
            uri: hello
            method: get
            ttl: 0
            process: hi
            """, "aos.yaml");
        Assert.That(document.AppId, Is.EqualTo(3));
        Assert.That(document.Account, Is.Null);
        Assert.That(document.HeaderErrors, Is.Empty);
        var json = ResourceLoader.Load("""{"appid": 3}""", "aos.json");
        Assert.That(json.AppId, Is.EqualTo(3));
    }

    [Test]
    public void An_unknown_header_key_is_reported()
    {
        var document = ResourceLoader.Load(Header + "process: 1\ncolour: red\n", "test.yaml");
        Assert.That(document.HeaderErrors, Is.EqualTo(new[]
        {
            "Unknown key 'colour' (allowed: name, description, account, application, appid, uri, method, ttl, queued, security, fragments, process, output, openapi, tests).",
        }));
    }

    [Test]
    public void Queued_is_read_as_a_boolean_and_written_back_after_ttl()
    {
        var document = ResourceLoader.Load(Header + "queued: true\nprocess: 1\n", "test.yaml");
        Assert.That((document.Queued, document.HeaderErrors.Count), Is.EqualTo(((bool?)true, 0)));
        var yaml = ResourceWriter.Write(document, DocumentFormat.Yaml);
        Assert.That(yaml, Does.Contain("ttl: 0\nqueued: true\n"));
        Assert.That(ResourceLoader.Load(ResourceWriter.Write(document, DocumentFormat.Json), "test.json").Queued, Is.True);
        Assert.That(ResourceLoader.Load(Header + "process: 1\n", "test.yaml").Queued, Is.Null);
    }

    [TestCase("yes please")]
    [TestCase("1")]
    [TestCase("[true]")]
    public void Queued_that_is_not_a_boolean_is_refused_naming_the_key(string value)
    {
        var document = ResourceLoader.Load(Header + $"queued: {value}\nprocess: 1\n", "test.yaml");
        Assert.That(document.HeaderErrors, Is.EqualTo(new[] { "'queued' must be true or false." }));
        Assert.That(Validate(document).Select(e => e.Message), Has.Some.Contains("'queued' must be true or false."));
    }

    [Test]
    public void An_ApiOpenStudio_document_loads_validates_and_prepares_with_its_appid()
    {
        var document = ResourceLoader.Load("""
            name: 'Hello world'
            description: 'Returns a greeting.'
            uri: hello/world
            method: get
            appid: 2
            ttl: 0
            process:
              processor: concatenate
              id: greeting
              items:
                - Hello
                - processor: var_str
                  id: world
                  value: ' world'
            """, "hello_world.yaml");
        var environment = new TestEnvironment();
        environment.Applications[2] = ("acme", "shop");
        Assert.That(ValidationCatalogue.Validator.Validate(document, environment), Is.Empty);
        var prepared = ValidationCatalogue.Planner.Prepare(document, environment);
        Assert.That((prepared.Account, prepared.Application, prepared.Method, prepared.Uri),
            Is.EqualTo(("acme", "shop", "get", "hello/world")));
        Assert.That(Assert.Throws<ResourceValidationException>(() => ValidationCatalogue.Planner.Prepare(document, new TestEnvironment()))!
            .Errors.Single().Message, Is.EqualTo("No application has the id 2."));
    }

    // ---- malformed documents ----

    [Test]
    public void Malformed_yaml_is_rejected_with_line_and_column()
    {
        var error = LoadFails("""
            name: x
            description: [unclosed
            uri: a
            """);
        Assert.That(error.Message, Is.EqualTo(
            "test.yaml (line 3, column 1): Malformed YAML: the document cannot be parsed here (an unclosed bracket, brace or quote?)."));
    }

    [Test]
    public void Badly_indented_yaml_is_rejected_with_line_and_column()
    {
        var error = LoadFails("name: x\n  bad: indent\n");
        Assert.That(error.Message, Is.EqualTo(
            "test.yaml (line 2, column 6): Malformed YAML: While scanning a plain scalar value, found invalid mapping."));
    }

    [Test]
    public void Malformed_json_is_rejected_with_line_and_column()
    {
        var error = LoadFails("""
            {
              "name": "x",
              "uri": ,
            }
            """);
        Assert.That(error.Message, Is.EqualTo("test.yaml (line 3, column 9): Malformed JSON: a value is missing."));
    }

    [TestCase("{\"name\": \"x\",\n\"uri\": \"a\" \"method\": \"get\"}",
        "test.yaml (line 2, column 11): Malformed JSON: After parsing a value an unexpected character was encountered: \".")]
    [TestCase("{\"items\": [1,,2]}", "test.yaml (line 1, column 13): Malformed JSON: a value is missing.")]
    [TestCase("{\"process\": {\"a\": [1, 2]\n", "test.yaml (line 2, column 1): Malformed JSON: the document ends before every object and array is closed.")]
    [TestCase("{\"a\": 1} {\"b\": 2}", "test.yaml (line 1, column 9): Malformed JSON: Additional text encountered after finished reading JSON content: {.")]
    public void Broken_json_is_rejected_with_line_and_column(string json, string message)
    {
        Assert.That(LoadFails(json).Message, Is.EqualTo(message));
    }

    [Test]
    public void Duplicate_yaml_keys_are_rejected()
    {
        var error = LoadFails(Header + "process:\n  processor: var_str\n  id: a\n  value: x\n  value: y\n");
        Assert.That(error.Message, Is.EqualTo("test.yaml (line 13, column 3): Duplicate key 'value'."));
        Assert.That(LoadFails("name: a\nname: b\n").Reason, Is.EqualTo("Duplicate key 'name'."));
    }

    [Test]
    public void Duplicate_json_keys_are_rejected()
    {
        var error = LoadFails("""
            {"name": "a",
             "process": {"processor": "var_str", "id": "x", "id": "y"}}
            """);
        Assert.That(error.Message, Is.EqualTo("test.yaml (line 2, column 53): Duplicate key 'id'."));
    }

    [Test]
    public void A_second_yaml_document_is_rejected()
    {
        Assert.That(LoadFails("name: a\n---\nname: b\n").Reason,
            Is.EqualTo("A document holds one resource only (found a second YAML document)."));
    }

    [Test]
    public void A_document_that_is_not_a_map_is_rejected()
    {
        Assert.That(LoadFails("- a\n- b\n").Reason,
            Is.EqualTo("A resource document must be a map of header keys (name, description, uri, method, ttl, process, ...)."));
        Assert.That(LoadFails("# only a comment\n").Reason, Is.EqualTo("The document is empty."));
    }

    [Test]
    public void A_json_integer_beyond_64_bits_loads_as_a_float()
    {
        var document = ResourceLoader.Load("""{"process": 123456789012345678901234567890}""", "big.json");
        Assert.That(((LiteralElement)document.Process!).Value, Is.EqualTo(1.2345678901234568E+29));
    }

    // ---- limits ----

    [Test]
    public void A_yaml_alias_bomb_is_rejected()
    {
        var yaml = new StringBuilder("lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(CultureInfo.InvariantCulture, $"{level}: &{level} [");
            yaml.Append(string.Join(", ", Enumerable.Repeat($"*{previous}", 9)));
            yaml.Append("]\n");
        }
        var error = LoadFails(yaml.ToString());
        Assert.That(error.Reason, Is.EqualTo("The document expands to more than 200,000 values (YAML aliases count each time they are used)."));
    }

    [Test]
    public void Aliases_cannot_nest_a_document_past_the_depth_limit()
    {
        var yaml = $"a: &a {new string('[', 1000)}x{new string(']', 1000)}\nb: {new string('[', 1000)}*a{new string(']', 1000)}\n";
        Assert.That(LoadFails(yaml).Reason, Is.EqualTo("The document is nested deeper than 1,024 levels."));
    }

    [Test]
    public void A_document_over_1_MiB_is_rejected()
    {
        var text = "name: " + new string('a', 2 * 1024 * 1024);
        Assert.That(LoadFails(text).Reason, Is.EqualTo("The document is 2,097,158 bytes; the limit is 1,048,576 bytes."));
    }

    [Test]
    public void A_file_over_1_MiB_is_rejected_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"apistudio-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: " + new string('a', 2 * 1024 * 1024));
        try
        {
            var error = Assert.Throws<ResourceLoadException>(() => ResourceLoader.LoadFile(path))!;
            Assert.That(error.Reason, Is.EqualTo("The document is 2,097,158 bytes; the limit is 1,048,576 bytes."));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("yaml lists")]
    [TestCase("yaml maps")]
    [TestCase("json lists")]
    [TestCase("json maps")]
    public void A_document_nested_100000_levels_deep_is_rejected_without_a_crash(string shape)
    {
        const int depth = 100_000;
        var text = shape switch
        {
            "yaml lists" => "process: " + new string('[', depth) + new string(']', depth),
            "yaml maps" => "process: " + Repeat("{a: ", depth) + "1" + new string('}', depth),
            "json lists" => """{"process": """ + new string('[', depth) + new string(']', depth) + "}",
            _ => """{"process": """ + Repeat("""{"a": """, depth) + "1" + new string('}', depth) + "}",
        };
        Assert.That(LoadFails(text).Reason, Is.EqualTo("The document is nested deeper than 1,024 levels."));
    }

    [Test]
    public void More_than_10000_processor_nodes_are_rejected()
    {
        var error = LoadFails(Header + ManyNodes(10_001));
        Assert.That(error.Reason, Is.EqualTo("The document holds more than 10,000 processor nodes."));
    }

    [Test]
    public void Processor_nodes_nested_257_deep_are_rejected()
    {
        Assert.That(LoadFails(Header + "process: " + Chain(257)).Reason,
            Is.EqualTo("Processor nodes are nested deeper than 256 levels."));
    }

    [Test]
    public void Ten_thousand_nodes_are_accepted_by_loader_and_validator()
    {
        var document = ResourceLoader.Load(Header + ManyNodes(10_000), "test.yaml");
        Assert.That(Validate(document), Is.Empty);
    }

    [Test]
    public async Task Nodes_nested_256_deep_are_accepted_prepared_and_run()
    {
        var document = ResourceLoader.Load(Header + "process: " + Chain(256), "test.yaml");
        Assert.That(Validate(document), Is.Empty);
        var prepared = ValidationCatalogue.Planner.Prepare(document);
        using var context = new EvaluationContext(new ApiRequest());
        var result = await prepared.ExecuteAsync(context);
        Assert.That(result.Value.Data, Is.EqualTo("bottom"));
    }

    // ---- rejected by the validator after loading ----

    [Test]
    public void A_map_with_processor_but_no_id_is_a_validation_error()
    {
        var document = ResourceLoader.Load("""
            {"name": "Test resource", "description": "d", "account": "tests", "application": "unit", "uri": "test",
             "method": "get", "ttl": 0, "process": {"processor": "var_str", "value": "a"}}
            """, "test.json");
        Assert.That(document.Process, Is.InstanceOf<MapElement>());
        Assert.That(Validate(document), Is.EqualTo(new[]
        {
            new ValidationError("Test resource", null, "process",
                "A map with 'processor' (var_str) but no 'id' is not a processor node: give it a unique id."),
        }));
    }

    [Test]
    public void A_security_section_that_is_not_a_node_is_rejected()
    {
        var document = ResourceLoader.Load(Header + "security: [admin]\nprocess: 1\n", "test.yaml");
        Assert.That(Validate(document), Is.EqualTo(new[]
        {
            new ValidationError("Test resource", null, "security", "'security' must be one processor node from the Security menu."),
        }));
    }

    [Test]
    public void A_fragment_cycle_is_rejected()
    {
        var document = ResourceLoader.Load(Header + """
            fragments:
              ping: { processor: fragment, id: to_pong, name: pong }
              pong: { processor: fragment, id: to_ping, name: ping }
            process: { processor: fragment, id: start, name: ping }
            """, "test.yaml");
        Assert.That(Validate(document), Is.EqualTo(new[]
        {
            new ValidationError("Test resource", "to_ping", "name", "Fragments refer to each other in a cycle: ping -> pong -> ping."),
        }));
    }

    [Test]
    public void An_aliased_node_is_a_duplicate_id()
    {
        var document = ResourceLoader.Load(Header + """
            process:
              processor: concatenate
              id: both
              items:
                - &hello { processor: var_str, id: hello, value: hi }
                - *hello
            """, "test.yaml");
        Assert.That(Validate(document), Is.EqualTo(new[]
        {
            new ValidationError("Test resource", "hello", null, "Node id 'hello' is not unique: it is already used in process."),
        }));
    }

    // ---- helpers ----

    private static IReadOnlyList<ValidationError> Validate(ResourceDocument document) =>
        ValidationCatalogue.Validator.Validate(document);

    private static ResourceLoadException LoadFails(string text) =>
        Assert.Throws<ResourceLoadException>(() => ResourceLoader.Load(text, "test.yaml"))!;

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>A <c>process</c> of one concatenate node holding <paramref name="nodes"/> - 1 var_str nodes.</summary>
    private static string ManyNodes(int nodes)
    {
        var yaml = new StringBuilder("process:\n  processor: concatenate\n  id: root\n  items:\n");
        for (var i = 1; i < nodes; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - {{processor: var_str, id: n{i}, value: a}}\n");
        }
        return yaml.ToString();
    }

    /// <summary><c>var_str</c> nodes nested <paramref name="depth"/> deep, in YAML flow style.</summary>
    private static string Chain(int depth)
    {
        var yaml = new StringBuilder();
        for (var i = 1; i <= depth; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"{{processor: var_str, id: n{i}, value: ");
        }
        yaml.Append("bottom").Append('}', depth).Append('\n');
        return yaml.ToString();
    }

    /// <summary>A one-line description of an element tree, to compare models.</summary>
    private static string Dump(Element element) => element switch
    {
        NodeElement node => $"node {node.Processor}#{node.Id}({string.Join(", ", node.Inputs.Select(i => $"{i.Key}={Dump(i.Value)}"))})",
        ListElement list => $"[{string.Join(", ", list.Items.Select(Dump))}]",
        MapElement map => $"{{{string.Join(", ", map.Entries.Select(e => $"{e.Key}={Dump(e.Value)}"))}}}",
        LiteralElement { Value: null } => "null",
        LiteralElement literal => $"{DataContainer.FromPlain(literal.Value).Type.Name()}:{Convert.ToString(literal.Value, CultureInfo.InvariantCulture)}",
        _ => "?",
    };
}
