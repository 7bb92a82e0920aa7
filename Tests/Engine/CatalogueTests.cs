using System.Text.RegularExpressions;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Processors;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine;

public partial class CatalogueTests
{
    private static IEnumerable<Processor> BuiltIns() => Catalogue.All;

    [TestCaseSource(nameof(BuiltIns))]
    public void Every_processor_declares_name_description_menu_and_described_inputs(Processor processor)
    {
        Assert.Multiple(() =>
        {
            Assert.That(processor.Details.Name, Is.Not.Empty, "name");
            Assert.That(processor.Details.Description, Is.Not.Empty, "description");
            Assert.That(processor.Menu, Is.Not.Empty, "menu");
            Assert.That(processor.Details.Inputs.Select(i => i.Name), Is.Unique, "input names");
            foreach (var input in processor.Details.Inputs)
            {
                Assert.That(input.Description, Is.Not.Empty, $"description of input {input.Name}");
                Assert.That(SnakeCase().IsMatch(input.Name), $"input name {input.Name} is snake_case");
                Assert.That(input.Min, Is.GreaterThanOrEqualTo(0), $"min of {input.Name}");
                Assert.That(input.Max == InputSpec.Many || input.Max >= Math.Max(1, input.Min), $"max of {input.Name}");
                if (input.Conditional)
                {
                    Assert.That(processor.Details.Conditional, $"{input.Name} is conditional, so the processor must be");
                }
            }
        });
    }

    [TestCaseSource(nameof(BuiltIns))]
    public void Machine_name_is_the_snake_case_of_the_class_name(Processor processor)
    {
        Assert.That(processor.MachineName, Is.EqualTo(Processor.ToSnakeCase(processor.GetType().Name)));
        Assert.That(SnakeCase().IsMatch(processor.MachineName), processor.MachineName);
    }

    [TestCaseSource(nameof(BuiltIns))]
    public void Menu_is_the_folder_of_the_processor(Processor processor)
    {
        var folder = processor.GetType().Namespace!.Split('.').Last();
        Assert.That(processor.Menu.Replace(" ", "", StringComparison.Ordinal), Is.EqualTo(folder).IgnoreCase);
    }

    [TestCaseSource(nameof(BuiltIns))]
    public void Every_processor_declares_what_it_reads_of_the_request(Processor processor)
    {
        var details = processor.Details;
        Assert.That(details.Reads & RequestReads.Unknown, Is.EqualTo(RequestReads.None),
            "a built-in processor says what it reads: an undeclared one keeps every resource using it out of the result cache");
        if ((details.Reads & RequestReads.NamedHeaders) != 0)
        {
            Assert.That(details.HeaderInput is { } input ? details.Input(input) : null, Is.Not.Null,
                "a processor reading named headers names the declared input that holds the header name");
        }
    }

    // What these return is chosen by the document or the data (a called resource, a stored variable), not by them;
    // error never returns, so it fits wherever a value is expected.
    private static readonly string[] ReturnsAnything =
        ["cast", "error", "field_value", "fragment", "merge", "replace", "resource_call", "script", "url", "var_temporary"];

    [TestCaseSource(nameof(BuiltIns))]
    public void Every_processor_declares_what_it_returns(Processor processor)
    {
        var details = processor.Details;
        Assert.That(details.Returns, Is.Not.Null, "an undeclared return type is never checked by the validator");
        if (details.Returns!.Count == 0 && details.ReturnsBranches.Count == 0)
        {
            Assert.That(ReturnsAnything, Does.Contain(processor.MachineName), "declares any type: list it here only when it truly returns anything");
        }
        foreach (var input in details.ReturnsBranches.Append(details.ReturnsTypeOf).OfType<string>())
        {
            Assert.That(details.Input(input), Is.Not.Null, $"'{input}' names a declared input");
        }
    }

    [Test]
    public void Catalogue_json_lists_the_return_types()
    {
        var entries = ((List<object?>)PlainJson.Parse(Catalogue.ToJson())!).Cast<Map>()
            .ToDictionary(e => (string)e["machineName"]!);
        Assert.Multiple(() =>
        {
            Assert.That(entries["var_int"]["returns"], Is.EqualTo(new List<object?> { "integer" }));
            Assert.That(entries["var_get"]["returns"], Is.EqualTo(new List<object?> { "text", "undefined" }));
            Assert.That(entries["var_get"]["returnsTypeOf"], Is.EqualTo("expected_type"));
            Assert.That(entries["if_then_else"]["returnsBranches"], Is.EqualTo(new List<object?> { "then", "else" }));
            Assert.That(entries["resource_call"]["returns"], Is.Empty, "any type");
        });
    }

    [Test]
    public void A_processor_that_declares_nothing_may_read_anything() =>
        Assert.That(new ProcessorDetails("Plugin", "Declares nothing.").Reads, Is.EqualTo(RequestReads.Unknown));

    [TestCase("IfThenElse", "if_then_else")]
    [TestCase("VarGet", "var_get")]
    [TestCase("XmlPath", "xml_path")]
    [TestCase("JSONPath", "json_path")]
    [TestCase("VarStoreCreate", "var_store_create")]
    [TestCase("Sha256Hash", "sha256_hash")]
    public void Snake_case_splits_words_and_acronyms(string className, string expected) =>
        Assert.That(Processor.ToSnakeCase(className), Is.EqualTo(expected));

    [Test]
    public void Catalogue_json_lists_every_processor_with_its_details()
    {
        var json = PlainJson.Parse(Catalogue.ToJson());
        var entries = ((List<object?>)json!).Cast<Map>().ToList();
        Assert.That(entries.Select(e => e["machineName"]), Is.EquivalentTo(Catalogue.All.Select(p => p.MachineName)));
        var ifThenElse = entries.Single(e => (string)e["machineName"]! == "if_then_else");
        var inputs = (Map)ifThenElse["input"]!;
        Assert.Multiple(() =>
        {
            Assert.That(ifThenElse["menu"], Is.EqualTo("Logic"));
            Assert.That(ifThenElse["conditional"], Is.True);
            Assert.That(inputs.Keys, Is.SupersetOf(new[] { "lhs", "rhs", "operator", "strict", "then", "else" }));
            var op = (Map)inputs["operator"]!;
            Assert.That(op["cardinality"], Is.EqualTo(new List<object?> { 1L, 1L }));
            Assert.That((List<object?>)op["limitValues"]!, Does.Contain("<="));
            Assert.That(((Map)inputs["strict"]!)["default"], Is.EqualTo(true));
            Assert.That(((Map)inputs["then"]!)["conditional"], Is.EqualTo(true));
            Assert.That(ifThenElse["reads"], Is.Empty);
            Assert.That(entries.Single(e => (string)e["machineName"]! == "resource_call")["reads"],
                Is.EqualTo(new List<object?> { "all_headers", "caller" }));
        });
    }

    [Test]
    public void Catalogue_lists_the_core_processors_of_the_engine()
    {
        string[] expected =
        [
            "var_get", "var_post", "var_request", "var_uri", "var_body", "var_header",
            "var_bool", "var_int", "var_float", "var_str", "var_literal", "var_loosely_typed", "var_collection",
            "var_field", "var_object", "var_rand", "var_temporary",
            "if_then_else", "switch", "sequential", "do_while", "for_each_item", "fragment",
            "cast", "concatenate", "merge", "sort", "replace", "field_value", "json_path", "xml_path", "filter", "map",
            "math", "json", "xml", "html", "text",
        ];
        Assert.That(Catalogue.All.Select(p => p.MachineName), Is.SupersetOf(expected));
    }

    [Test]
    public void The_readme_lists_every_built_in_processor_under_its_menu()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiStudio.sln")))
        {
            directory = directory.Parent;
        }
        Assert.That(directory, Is.Not.Null, "the repository root is above the test output");
        var rows = File.ReadAllLines(Path.Combine(directory!.FullName, "README.md"))
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
            .ToList();
        Assert.Multiple(() =>
        {
            foreach (var processor in Catalogue.All)
            {
                Assert.That(rows.Any(row => row.StartsWith($"| {processor.Menu} |", StringComparison.Ordinal)
                    && row.Contains($"`{processor.MachineName}`", StringComparison.Ordinal)),
                    $"README lists {processor.MachineName} under {processor.Menu}");
            }
        });
    }

    [Test]
    public void A_processor_in_the_plugins_folder_is_discovered_and_runs()
    {
        var plugins = Path.Combine(AppContext.BaseDirectory, "plugins");
        Assert.That(File.Exists(Path.Combine(plugins, "ApiStudio.SamplePlugin.dll")), "the sample plugin is built into plugins/");
        var catalogue = BuiltInProcessors.Catalogue(plugins);
        Assert.That(catalogue.Find("reverse_text"), Is.Not.Null);
        Assert.That(catalogue.Find("reverse_text")!.Menu, Is.EqualTo("Text"));
        Assert.That(catalogue.All, Has.Count.EqualTo(Catalogue.All.Count + 1));
    }

    [Test]
    public async Task A_plugin_processor_evaluates_inside_a_resource()
    {
        var catalogue = BuiltInProcessors.Catalogue(Path.Combine(AppContext.BaseDirectory, "plugins"));
        var planner = new ResourcePlanner(catalogue);
        var prepared = planner.Prepare(ApiStudio.Engine.Resources.ResourceLoader.Load(Resource("""
            processor: reverse_text
            id: reversed
            value: stressed
            """), "plugin.yaml"));
        using var context = new EvaluationContext(new ApiStudio.Engine.Requests.ApiRequest());
        var result = await prepared.ExecuteAsync(context);
        Assert.That(result.Value.Data, Is.EqualTo("desserts"));
    }

    [Test]
    public void A_missing_plugins_folder_adds_nothing() =>
        Assert.That(BuiltInProcessors.Catalogue("/nonexistent/plugins").All, Has.Count.EqualTo(Catalogue.All.Count));

    [Test]
    public void Two_processors_with_one_machine_name_are_rejected_naming_both_classes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ProcessorCatalogue.From([.. Catalogue.All, new ApiStudio.Tests.Support.Duplicates.Concatenate()]));
        Assert.That(ex!.Message, Does.Contain("'concatenate' is declared twice"));
        Assert.That(ex.Message, Does.Contain(typeof(ApiStudio.Tests.Support.Duplicates.Concatenate).FullName));
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
