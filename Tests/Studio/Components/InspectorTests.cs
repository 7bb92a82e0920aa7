using ApiStudio.Engine.Validation;
using ApiStudio.Studio.Editor;
using ApiStudio.Studio.Editor.Inspector;
using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Support;
using ApiStudio.Tests.Validation.Fixtures;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ApiStudio.Tests.Studio.Components;

/// <summary>
/// The inspector is generated from the catalogue's input specs: the editor of each input is chosen by what it
/// accepts, and every change is a model command handed to the page.
/// </summary>
public sealed class InspectorTests
{
    private const string Process = """
        processor: concatenate
        id: greeting
        items:
          - processor: sort
            id: sorted
            values: [3, 1, 2]
          - processor: merge
            id: merged
            sources: [[1], [2]]
          - processor: var_str
            id: name
            value: world
            bogus: 1
          - processor: var_int
            id: count
            value: 7
        """;

    private BunitContext _context = default!;
    private EditorDocument _model = default!;
    private readonly List<EditResult> _results = [];
    private readonly List<EditorSlot> _chosen = [];
    private readonly List<EditorNode> _selected = [];

    [SetUp]
    public void Start()
    {
        _context = new BunitContext();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddScoped<EditorClipboardService>();
        _model = EditorDocument.Load(TestEngine.Resource(Process), TestEngine.Planner.Validator);
        _results.Clear();
        _chosen.Clear();
        _selected.Clear();
    }

    [TearDown]
    public async Task Stop() => await _context.DisposeAsync();

    [Test]
    public void Without_a_node_the_inspector_says_how_to_choose_one()
    {
        var inspector = Inspect(null);
        Assert.That(inspector.Find(".inspector-hint").TextContent, Does.Contain("Select a node on the canvas to edit it"));
    }

    [Test]
    public void Title_machine_name_description_id_and_one_section_per_declared_input_come_from_the_catalogue()
    {
        var inspector = Inspect(Node("sorted"));
        var details = TestEngine.Catalogue.Find("sort")!.Details;
        Assert.That(inspector.Find(".inspector-title").TextContent, Is.EqualTo(details.Name));
        Assert.That(inspector.Find(".inspector-machine").TextContent, Is.EqualTo("sort"));
        Assert.That(inspector.Find(".inspector-head .inspector-help").TextContent, Is.EqualTo(details.Description));
        Assert.That(inspector.Find(".inspector-id-field input").GetAttribute("value"), Is.EqualTo("sorted"));
        Assert.That(inspector.FindAll("section.inspector-input").Select(s => s.GetAttribute("data-input")),
            Is.EqualTo(details.Inputs.Select(i => i.Name)));
        var direction = Section(inspector, "direction");
        Assert.That(direction.QuerySelector(".inspector-cardinality")!.TextContent.Trim(), Is.EqualTo("[0, 1]"));
        Assert.That(direction.QuerySelector(".inspector-default")!.TextContent, Does.Contain("asc"));
        Assert.That(Section(inspector, "values").QuerySelector(".inspector-cardinality")!.TextContent.Trim(), Is.EqualTo("[0, *]"));
    }

    [Test]
    public void Every_input_is_labelled_by_a_label_bound_to_its_field()
    {
        var inspector = Inspect(Node("count"));
        var label = Section(inspector, "value").QuerySelector("label.inspector-label")!;
        var field = inspector.Find($"#{label.GetAttribute("for")}");
        Assert.That((label.TextContent, field.TagName), Is.EqualTo(("value", "INPUT")));

        inspector = Inspect(Node("merged"));
        foreach (var input in new[] { "unique", "merge_type" })
        {
            var bound = Section(inspector, input).QuerySelector("label.inspector-label")!.GetAttribute("for");
            Assert.That(inspector.Find($"#{bound}").TagName, Is.EqualTo("INPUT"), input);
        }
    }

    [Test]
    public void An_input_limited_to_values_is_a_drop_down_of_exactly_those_values()
    {
        var popovers = _context.Render<MudPopoverProvider>();
        var inspector = Inspect(Node("sorted"));
        Assert.That(Editor(inspector, "direction"), Is.EqualTo("choice"));
        Assert.That(Editor(inspector, "sort_by"), Is.EqualTo("choice"));
        // The first drop-down of text is direction's (values holds numbers, edited as literals).
        var select = inspector.FindComponents<MudSelect<string>>()[0];
        select.Find("div.mud-input-control").MouseDown();
        popovers.WaitForAssertion(() => Assert.That(popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()),
            Is.EqualTo(new[] { "asc", "desc" })));

        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "desc").Click();
        inspector.WaitForAssertion(() => Assert.That(_model.ToText(), Does.Contain("direction: desc")));
    }

    [Test]
    public void A_boolean_input_is_a_switch_that_sets_the_boolean()
    {
        var inspector = Inspect(Node("merged"));
        Assert.That(Editor(inspector, "unique"), Is.EqualTo("switch"));
        Assert.That(Editor(inspector, "merge_type"), Is.EqualTo("choice"));
        var toggle = Section(inspector, "unique").QuerySelector("input[type=checkbox]")!;
        Assert.That(toggle.HasAttribute("checked"), Is.False, "the default, false, is shown while the input is absent");

        inspector.Find("section[data-input=unique] input[type=checkbox]").Change(true);
        Assert.That(_results.Single().Succeeded, Is.True);
        Assert.That(_model.ToText(), Does.Contain("unique: true"));
    }

    [Test]
    public void Text_and_integer_inputs_set_text_and_a_number_as_the_model_reads_them()
    {
        var inspector = Inspect(Node("name"));
        Assert.That(Editor(inspector, "value"), Is.EqualTo("text"));
        inspector.Find("section[data-input=value] input").Change("5");
        Assert.That(Node("name").Input("value"), Is.TypeOf<EditorLiteral>().With.Property("Value").EqualTo("5"), "5 typed for a text input stays text");

        inspector = Inspect(Node("count"));
        Assert.That(Editor(inspector, "value"), Is.EqualTo("number"));
        inspector.Find("section[data-input=value] input").Change("42");
        Assert.That(Node("count").Input("value"), Is.TypeOf<EditorLiteral>().With.Property("Value").EqualTo(42L));
        Assert.That(_model.ToText(), Does.Contain("value: 42"));
    }

    [Test]
    public void Changing_a_literal_hands_the_page_a_command_that_sets_it()
    {
        Func<EditorDocument, EditResult>? handed = null;
        var inspector = _context.Render<NodeInspector>(p => p
            .Add(x => x.Model, _model)
            .Add(x => x.Node, Node("name"))
            .Add(x => x.Edit, command => handed = command));
        var before = _model.ToText();

        inspector.Find("section[data-input=value] input").Change("everyone");
        Assert.That(_model.ToText(), Is.EqualTo(before), "the inspector never changes the document itself");
        Assert.That(handed, Is.Not.Null);

        var result = handed!(_model);
        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(_model.ToText(), Is.EqualTo(before.Replace("value: world", "value: everyone")));
    }

    [Test]
    public void A_multi_input_is_a_list_of_rows_whose_add_is_disabled_at_its_maximum()
    {
        var inspector = Inspect(Node("greeting"));
        Assert.That(Editor(inspector, "items"), Is.EqualTo("list"));
        Assert.That(inspector.FindAll("section[data-input=items] .inspector-item"), Has.Count.EqualTo(4));
        Assert.That(inspector.FindAll("section[data-input=items] .inspector-node .mud-chip").Select(n => n.TextContent.Trim()),
            Has.Some.EqualTo("Sort · sorted"));
        Assert.That(inspector.Find("section[data-input=items] .inspector-add-item").HasAttribute("disabled"), Is.False);

        // No built-in processor bounds a list yet: the stand-in's 'extras' takes at most two values.
        _model = EditorDocument.Load(TestEngine.Resource("""
            processor: pick_stand_in
            id: pick
            source:
              processor: var_str
              id: s
              value: x
            extras: [a, b]
            """), ValidationCatalogue.Validator);
        inspector = Inspect(_model.FindNode("pick"));
        var extras = Section(inspector, "extras");
        Assert.That(extras.QuerySelector(".inspector-add-item")!.HasAttribute("disabled"), Is.True);
        Assert.That(extras.TextContent, Does.Contain("At most 2 values"));

        inspector.Find("section[data-input=extras] [aria-label='Remove item 0']").Click();
        Assert.That(_model.ToText(), Does.Contain("extras:\n  - b").Or.Contain("- b"));
        Assert.That(inspector.Find("section[data-input=extras] .inspector-add-item").HasAttribute("disabled"), Is.False);
        inspector.Find("section[data-input=extras] .inspector-add-item").Click();
        Assert.That(_model.FindNode("pick")!.Input("extras"), Is.TypeOf<EditorList>().With.Property("Items").Count.EqualTo(2));
    }

    [Test]
    public void List_items_move_up_and_down_and_a_node_item_goes_to_its_node()
    {
        var inspector = Inspect(Node("sorted"));
        inspector.Find("section[data-input=values] [aria-label='Move item 0 down']").Click();
        Assert.That(((EditorList)Node("sorted").Input("values")!).Items.Select(i => ((EditorLiteral)i).Value), Is.EqualTo(new object[] { 1L, 3L, 2L }));

        // A list inside an item is a list too, edited in place.
        inspector = Inspect(Node("merged"));
        Assert.That(Section(inspector, "sources").QuerySelectorAll(".inspector-list .inspector-list"), Has.Length.EqualTo(2));
        inspector.FindAll("section[data-input=sources] .inspector-list .inspector-list .inspector-add-item")[1].Click();
        Assert.That(((EditorList)((EditorList)Node("merged").Input("sources")!).Items[1]).Items, Has.Count.EqualTo(2));

        inspector = Inspect(Node("greeting"));
        inspector.FindAll("section[data-input=items] .inspector-node .mud-chip").First().Click();
        Assert.That(_selected, Is.EqualTo(new[] { Node("sorted") }));
    }

    [Test]
    public void A_refused_rename_is_shown_by_the_id_which_keeps_the_old_id()
    {
        var inspector = Inspect(Node("name"));
        inspector.Find(".inspector-id-field input").Change("count");
        Assert.That(_results.Single().Succeeded, Is.False);
        Assert.That(inspector.Find(".inspector-id").TextContent, Does.Contain("already used"));
        Assert.That(inspector.Find(".inspector-id-field input").GetAttribute("value"), Is.EqualTo("name"));
        Assert.That(_model.FindNode("name"), Is.Not.Null);

        inspector.Find(".inspector-id-field input").Change("who");
        Assert.That((_results[^1].Succeeded, _model.FindNode("who")?.Processor), Is.EqualTo((true, "var_str")));
        Assert.That(inspector.FindAll(".inspector-id .mud-input-error"), Is.Empty);
    }

    [Test]
    public void Using_a_processor_asks_the_page_to_choose_one_for_that_slot()
    {
        var inspector = Inspect(Node("name"));
        inspector.Find("section[data-input=value] .inspector-use-processor").Click();
        Assert.That(_chosen, Is.EqualTo(new[] { EditorSlot.Of(Node("name"), "value") }));

        inspector = Inspect(Node("greeting"));
        inspector.Find("section[data-input=items] .inspector-add-processor").Click();
        Assert.That(_chosen[^1], Is.EqualTo(EditorSlot.Of(Node("greeting"), "items")));
    }

    [Test]
    public void A_node_in_an_input_is_a_chip_and_can_give_way_to_a_value()
    {
        _model = EditorDocument.Load(TestEngine.Resource("""
            processor: var_str
            id: text
            value:
              processor: var_str
              id: inner
              value: hi
            """), TestEngine.Planner.Validator);
        var inspector = Inspect(_model.FindNode("text"));
        Assert.That(Editor(inspector, "value"), Is.EqualTo("node"));
        Assert.That(inspector.FindAll("section[data-input=value] .inspector-use-processor"), Is.Empty);

        inspector.FindAll("section[data-input=value] button").Single(b => b.TextContent.Contains("Use a value instead")).Click();
        Assert.That(_model.FindNode("inner"), Is.Null);
        Assert.That(_model.FindNode("text")!.Input("value"), Is.TypeOf<EditorLiteral>().With.Property("Value").EqualTo(""));
    }

    [Test]
    public void An_undeclared_input_is_flagged_and_can_be_removed()
    {
        var inspector = Inspect(Node("name"));
        var bogus = Section(inspector, "bogus");
        Assert.That(bogus.ClassList, Does.Contain("inspector-undeclared"));
        Assert.That(bogus.TextContent, Does.Contain("Not an input of this processor"));
        Assert.That(Section(inspector, "value").ClassList, Does.Not.Contain("inspector-undeclared"));

        inspector.Find("section[data-input=bogus] .inspector-remove-undeclared").Click();
        Assert.That(Node("name").Input("bogus"), Is.Null);
        Assert.That(inspector.FindAll("section[data-input=bogus]"), Is.Empty);
    }

    [Test]
    public void Validation_errors_are_shown_by_their_input_or_at_the_top()
    {
        var errors = new List<ValidationError>
        {
            new("Test resource", "name", "bogus", "Input 'bogus' is not declared."),
            new("Test resource", "name", null, "Something about the node."),
        };
        var inspector = Inspect(Node("name"), errors);
        Assert.That(inspector.Find("section[data-input=bogus] .inspector-error").TextContent, Is.EqualTo("Input 'bogus' is not declared."));
        Assert.That(inspector.FindAll("aside > .inspector-error").Select(e => e.TextContent), Is.EqualTo(new[] { "Something about the node." }));
    }

    [Test]
    public void A_map_literal_is_edited_as_key_and_value_rows()
    {
        _model = EditorDocument.Load(TestEngine.Resource("""
            processor: switch
            id: choose
            value: a
            cases:
              a: first
              b: second
            """), TestEngine.Planner.Validator);
        var inspector = Inspect(_model.FindNode("choose"));
        Assert.That(Editor(inspector, "cases"), Is.EqualTo("map"));
        inspector.Find("section[data-input=cases] [aria-label='cases: key of entry 1']").Change("c");
        Assert.That(_model.ToText(), Does.Contain("c: second"));
        inspector.Find("section[data-input=cases] .inspector-add-entry").Click();
        Assert.That(((EditorMap)_model.FindNode("choose")!.Input("cases")!).Entries.Select(e => e.Key), Is.EqualTo(new[] { "a", "c", "key" }));
    }

    [Test]
    public void Copy_then_paste_into_a_chosen_input_adds_the_copy_with_fresh_ids()
    {
        var inspector = Inspect(Node("name"));
        inspector.Find(".inspector-copy").Click();
        inspector = Inspect(Node("greeting"));
        var paste = inspector.FindComponent<MudSelect<string>>();
        inspector.InvokeAsync(() => paste.Instance.ValueChanged.InvokeAsync("items"));
        inspector.Find(".inspector-paste-button").Click();
        Assert.That(_results[^1].Succeeded, Is.True, _results[^1].ToString());
        Assert.That(((EditorList)Node("greeting").Input("items")!).Items, Has.Count.EqualTo(5));
    }

    [Test]
    public void The_registry_chooses_an_editor_by_what_an_input_accepts_and_a_handler_added_first_wins()
    {
        var registry = InputEditorRegistry.Default;
        string Chosen(EditorNode node, string input, InputEditorRegistry? with = null)
        {
            var spec = _model.ProcessorOf(node)!.Details.Input(input);
            return (with ?? registry).For(new InputField
            {
                Model = _model, Slot = EditorSlot.Of(node, input), Value = node.Input(input), Spec = spec,
                FieldId = "f", Label = input, Editors = registry,
                Edit = _ => Task.CompletedTask, ChooseProcessor = _ => Task.CompletedTask, SelectNode = _ => Task.CompletedTask,
            }).Name;
        }
        Assert.That(Chosen(Node("sorted"), "direction"), Is.EqualTo("choice"));
        Assert.That(Chosen(Node("merged"), "unique"), Is.EqualTo("switch"));
        Assert.That(Chosen(Node("count"), "value"), Is.EqualTo("number"));
        Assert.That(Chosen(Node("name"), "value"), Is.EqualTo("text"));
        Assert.That(Chosen(Node("greeting"), "items"), Is.EqualTo("list"));
        Assert.That(Chosen(Node("name"), "bogus"), Is.EqualTo("literal"));
        var custom = registry.With(new InputEditorHandler("custom", f => f.Slot.Input == "value", typeof(object)));
        Assert.That(Chosen(Node("name"), "value", custom), Is.EqualTo("custom"));
    }

    private EditorNode Node(string id) => _model.FindNode(id) ?? throw new InvalidOperationException($"No node '{id}'.");

    /// <summary>Renders the inspector the way the page uses it: each command applied to the model, then a re-render.</summary>
    private IRenderedComponent<NodeInspector> Inspect(EditorNode? node, IReadOnlyList<ValidationError>? errors = null)
    {
        IRenderedComponent<NodeInspector>? inspector = null;
        inspector = _context.Render<NodeInspector>(p => p
            .Add(x => x.Model, _model)
            .Add(x => x.Node, node)
            .Add(x => x.Errors, errors)
            .Add(x => x.Edit, command =>
            {
                _results.Add(command(_model));
                inspector!.Render();
            })
            .Add(x => x.ChooseProcessor, slot => _chosen.Add(slot))
            .Add(x => x.SelectNode, n => _selected.Add(n)));
        return inspector;
    }

    private static AngleSharp.Dom.IElement Section(IRenderedComponent<NodeInspector> inspector, string input) =>
        inspector.Find($"section[data-input={input}]");

    private static string? Editor(IRenderedComponent<NodeInspector> inspector, string input) =>
        Section(inspector, input).QuerySelector(".inspector-editor")?.GetAttribute("data-editor");
}
