using ApiStudio.Engine.Resources;
using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Engine;
using ApiStudio.Tests.Validation.Fixtures;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>The editor's document model: read by the engine's loader, written by its writer, nodes indexed and placed.</summary>
public class EditorDocumentTests
{
    /// <summary>A document using most shapes: fragments, a list input, a map input, nested nodes and an output list.</summary>
    public const string Sample = """
        name: Sample
        description: Exercises the editor.
        account: acme
        application: shop
        uri: sample
        method: get
        ttl: 0
        fragments:
          who:
            processor: var_str
            id: who
            value: world
        process:
          processor: concatenate
          id: greeting
          items:
            - "Hello, "
            - processor: fragment
              id: ref
              name: who
            - processor: math
              id: sum
              formula: a + b
              variables:
                a:
                  processor: var_int
                  id: a
                  value: 1
                b: 2
        output:
          - response
        """;

    private static EditorDocument Load(string text) => EditorDocument.Load(text, ValidationCatalogue.Validator, "sample.yaml");

    private static IEnumerable<string> ShippedResources() => ShippedResourcesTests.Files();

    [TestCaseSource(nameof(ShippedResources))]
    public void Every_shipped_resource_is_written_back_as_the_engine_writer_writes_it(string file)
    {
        var path = Path.Combine(ShippedResourcesTests.Root(), file);
        var loaded = ResourceLoader.LoadFile(path);
        var model = EditorDocument.Load(File.ReadAllText(path), ValidationCatalogue.Validator, path, ResourceLoader.FormatOf(path));
        foreach (var format in new[] { DocumentFormat.Yaml, DocumentFormat.Json })
        {
            var written = ResourceWriter.Write(loaded, format);
            Assert.That(model.ToText(format), Is.EqualTo(written), format.ToString());
            Assert.That(EditorDocument.Load(written, ValidationCatalogue.Validator, path, format).ToText(format), Is.EqualTo(written),
                $"{format}: a file written by the writer comes back identical");
        }
        Assert.That(model.Validate().All, Is.EqualTo(ValidationCatalogue.Validator.Validate(loaded)));
    }

    [Test]
    public void A_large_document_round_trips_to_identical_text()
    {
        var text = EditorSamples.Document(1_000);
        var model = Load(text);
        Assert.That(model.NodeCount, Is.EqualTo(1_000));
        Assert.That(model.ToText(), Is.EqualTo(text));
        Assert.That(model.Validate().All.Select(e => e.ToString()), Is.Empty);
    }

    [Test]
    public void Json_text_is_written_back_as_json()
    {
        var json = ResourceWriter.Write(ResourceLoader.Load(Sample, "sample.yaml"), DocumentFormat.Json);
        var model = Load(json);
        Assert.That(model.Format, Is.EqualTo(DocumentFormat.Json));
        Assert.That(model.ToText(), Is.EqualTo(json));
    }

    [Test]
    public void Header_keys_are_kept_with_their_values()
    {
        var model = Load(Sample + "\nopenapi: {summary: Greets}\ntests: [{name: one, expect: {status: 200}}]\n");
        Assert.That(model.Header.Keys, Is.EqualTo(new[] { "name", "description", "account", "application", "uri", "method", "ttl", "openapi", "tests" }));
        Assert.That((model.Header.Name, model.Header.Uri, model.Header.Method, model.Header.Ttl), Is.EqualTo(("Sample", "sample", "get", 0L)));
        Assert.That(model.ToText(), Does.Contain("openapi:\n  summary: Greets\ntests:\n- name: one"));
    }

    [Test]
    public void Sections_hold_their_trees()
    {
        var model = Load(Sample);
        Assert.That(model.Sections.Select(s => s.Label), Is.EqualTo(new[] { "security", "fragment 'who'", "process", "output" }));
        Assert.That(model.Security.Root, Is.Null);
        Assert.That(model.Fragment("who")!.TopNodes().Single().Id, Is.EqualTo("who"));
        Assert.That(model.Output.Root, Is.InstanceOf<EditorList>());
        Assert.That(model.Nodes().Select(n => n.Id), Is.EqualTo(new[] { "who", "greeting", "ref", "sum", "a" }));
    }

    [Test]
    public void Nodes_are_indexed_by_id_and_know_their_parent_section_and_slot()
    {
        var model = Load(Sample);
        var greeting = model.FindNode("greeting")!;
        var sum = model.FindNode("sum")!;
        var a = model.FindNode("a")!;
        Assert.That(model.NodeCount, Is.EqualTo(5));
        Assert.That(greeting.Parent, Is.Null);
        Assert.That(greeting.Slot, Is.EqualTo(EditorSlot.Root(model.Process)));
        Assert.That(greeting.ChildNodes.Select(n => n.Id), Is.EqualTo(new[] { "ref", "sum" }));
        Assert.That(sum.Parent, Is.SameAs(greeting));
        Assert.That(sum.Slot, Is.EqualTo(EditorSlot.Of(greeting, "items").Item(2)));
        Assert.That(sum.Slot!.ToString(), Is.EqualTo("node 'greeting', input 'items', item 2"));
        Assert.That(a.Slot!.ToString(), Is.EqualTo("node 'sum', input 'variables', key 'a'"));
        Assert.That(a.Section, Is.SameAs(model.Process));
        Assert.That(model.FindNode("who")!.Section, Is.SameAs(model.Fragment("who")));
        Assert.That(model.FindNode("nobody"), Is.Null);
    }

    [Test]
    public void Repeated_ids_of_a_loaded_document_are_all_indexed()
    {
        var model = Load(Sample.Replace("id: a\n", "id: sum\n"));
        Assert.That(model.NodesWithId("sum"), Has.Count.EqualTo(2));
        Assert.That(model.Validate().For("sum").Select(e => e.Message), Has.Some.Contains("is not unique"));
    }

    [Test]
    public void Find_matches_ids_and_processors_ignoring_case_exact_ids_first()
    {
        var model = Load(Sample);
        Assert.That(model.Find("A").Select(n => n.Id), Is.EqualTo(new[] { "a", "who", "greeting", "ref", "sum" }),
            "the exact id first, then the ids and processors containing it, in document order");
        Assert.That(model.Find("var_int").Select(n => n.Id), Is.EqualTo(new[] { "a" }));
        Assert.That(model.Find("Concatenate").Select(n => n.Id), Is.EqualTo(new[] { "greeting" }));
        Assert.That(model.Find("  "), Is.Empty);
    }

    [Test]
    public void Inputs_list_declared_inputs_given_or_not_then_undeclared_ones_flagged()
    {
        var model = Load(Sample.Replace("formula: a + b", "formula: a + b\n      precision: 2"));
        var inputs = model.InputsOf(model.FindNode("sum")!);
        var declared = model.Catalogue.Find("math")!.Details.Inputs.Select(i => i.Name);
        Assert.That(inputs.Where(i => i.IsDeclared).Select(i => i.Name), Is.EqualTo(declared));
        var precision = inputs.Single(i => i.Name == "precision");
        Assert.That((precision.IsDeclared, precision.IsGiven, precision.Spec is null), Is.EqualTo((false, true, true)));
        Assert.That(inputs[^1], Is.SameAs(precision));
        var formula = inputs.Single(i => i.Name == "formula");
        Assert.That((formula.IsGiven, formula.Description), Is.EqualTo((true, formula.Spec!.Description)));
    }

    [Test]
    public void Inputs_not_given_show_their_default_and_description()
    {
        var model = Load(Sample);
        var choose = model.AddNode(EditorSlot.Of(model.FindNode("greeting")!, "items"), "if_then_else").Node!;
        var strict = model.InputsOf(choose).Single(i => i.Name == "strict");
        Assert.That((strict.IsGiven, strict.Value, strict.Default), Is.EqualTo((false, (EditorValue?)null, (object)true)));
        Assert.That(strict.Description, Does.StartWith("For == and !="));
        Assert.That(model.InputsOf(choose).Select(i => i.Name), Is.EqualTo(new[] { "lhs", "rhs", "operator", "strict", "then", "else" }));
    }
}
