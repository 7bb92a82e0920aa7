using ApiStudio.Engine.Resources;
using ApiStudio.Studio.Editor.Model;
using ApiStudio.Tests.Validation.Fixtures;
using static ApiStudio.Tests.Studio.Editor.EditorChecks;

namespace ApiStudio.Tests.Studio.Editor;

/// <summary>The editor's commands: each one undoable, refused with a clear message when it cannot apply.</summary>
public class EditorCommandTests
{
    private EditorDocument _model = null!;

    private EditorNode Node(string id) => _model.FindNode(id) ?? throw new AssertionException($"No node '{id}'.");

    private EditorSlot Items => EditorSlot.Of(Node("greeting"), "items");

    [SetUp]
    public void LoadSample() => _model = EditorDocument.Load(EditorDocumentTests.Sample, ValidationCatalogue.Validator, "sample.yaml");

    // ---- adding nodes ----

    [Test]
    public void A_node_added_at_a_list_item_is_inserted_there_with_an_id_from_its_processor()
    {
        var added = UndoesAndRedoes(_model, () => _model.AddNode(Items.Item(1), "var_str")).Node!;
        Assert.That(added.Id, Is.EqualTo("var_str"));
        Assert.That(added.Slot, Is.EqualTo(Items.Item(1)));
        Assert.That(Node("ref").Slot, Is.EqualTo(Items.Item(2)), "the items after it move down");
        Assert.That(_model.ToText(), Does.Contain("  - 'Hello, '\n  - processor: var_str\n    id: var_str\n  - processor: fragment"));
    }

    [Test]
    public void Added_nodes_get_fresh_ids_numbered_from_2()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => _model.AddNode(Items, "concatenate").Node!.Id).ToList();
        Assert.That(ids, Is.EqualTo(new[] { "concatenate", "concatenate_2", "concatenate_3" }));
        Assert.That(_model.FreshId("greeting"), Is.EqualTo("greeting_2"));
        Consistent(_model);
    }

    [Test]
    public void A_node_added_on_a_list_is_appended()
    {
        var added = UndoesAndRedoes(_model, () => _model.AddNode(Items, "var_str")).Node!;
        Assert.That(added.Slot, Is.EqualTo(Items.Item(3)));
    }

    [Test]
    public void A_node_added_on_an_absent_multi_value_input_starts_a_list()
    {
        var root = _model.AddNode(Items, "concatenate").Node!;
        var added = UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Of(root, "items"), "var_str")).Node!;
        Assert.That(added.Slot, Is.EqualTo(EditorSlot.Of(root, "items").Item(0)));
    }

    [Test]
    public void A_node_added_on_a_multi_value_input_holding_one_value_makes_a_list_of_both()
    {
        var root = _model.AddNode(Items, "concatenate").Node!;
        var first = _model.SetNode(EditorSlot.Of(root, "items"), "var_str").Node!;
        var second = UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Of(root, "items"), "var_int")).Node!;
        Assert.That(root.Items(), Is.EqualTo(new EditorValue[] { first, second }));
        _model.Undo();
        Assert.That(root.Input("items"), Is.SameAs(first));
    }

    [Test]
    public void A_node_added_on_a_single_input_takes_its_place()
    {
        var sum = Node("sum");
        UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Of(sum, "variables").Entry("b"), "var_int"));
        Assert.That(sum.Input("variables"), Is.InstanceOf<EditorMap>());
        Assert.That(((EditorMap)sum.Input("variables")!).Get("b"), Is.InstanceOf<EditorNode>());
        UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Of(sum, "formula"), "var_str"));
        Assert.That(sum.Input("formula"), Is.InstanceOf<EditorNode>());
    }

    [Test]
    public void A_node_at_a_section_root_replaces_the_root()
    {
        var old = Node("greeting");
        var added = UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Root(_model.Process), "var_str")).Node!;
        Assert.That(_model.Process.Root, Is.SameAs(added));
        Assert.That(_model.FindNode("sum"), Is.Null, "the old tree's nodes leave the index");
        _model.Undo();
        Assert.That(_model.Process.Root, Is.SameAs(old), "undo puts back the very same nodes");
        Assert.That(_model.FindNode("sum"), Is.SameAs(old.ChildNodes[1]));
    }

    [Test]
    public void New_inputs_follow_the_processors_declared_order()
    {
        var choose = _model.AddNode(Items, "if_then_else").Node!;
        foreach (var input in new[] { "else", "operator", "lhs", "then", "rhs" })
        {
            _model.SetLiteral(EditorSlot.Of(choose, input), "x");
        }
        _model.SetLiteral(EditorSlot.Of(choose, "undeclared"), 1);
        Assert.That(choose.Inputs.Select(i => i.Key), Is.EqualTo(new[] { "lhs", "rhs", "operator", "then", "else", "undeclared" }));
    }

    // ---- what a slot accepts ----

    [Test]
    public void A_slot_that_limits_processors_accepts_only_those()
    {
        var pick = _model.AddNode(Items, "pick_stand_in").Node!;
        var source = EditorSlot.Of(pick, "source");
        Assert.That(_model.CanAccept(source, "var_str"), Is.True);
        Assert.That(_model.CanAccept(source, "var_int"), Is.False);
        Assert.That(_model.AcceptedProcessors(source).Select(p => p.MachineName), Is.EqualTo(new[] { "var_str" }));
        var refusal = Refused(_model, () => _model.AddNode(source, "var_int"));
        Assert.That(refusal.Error, Is.EqualTo($"Input 'source' of node '{pick.Id}' takes only var_str; not 'var_int'."));
        Assert.That(_model.AddNode(source, "var_str").Succeeded, Is.True);
    }

    [Test]
    public void A_literal_only_input_accepts_no_node()
    {
        var sql = _model.AddNode(Items, "sql").Node!;
        Assert.That(_model.CanAccept(EditorSlot.Of(sql, "connection"), "var_str"), Is.False);
        Assert.That(Refused(_model, () => _model.AddNode(EditorSlot.Of(sql, "connection"), "var_str")).Error,
            Does.Contain("takes a literal written in the resource"));
    }

    [Test]
    public void Security_and_output_roots_accept_their_menus_only()
    {
        var security = EditorSlot.Root(_model.Security);
        Assert.That(_model.CanAccept(security, "security_stand_in"), Is.True);
        Assert.That(_model.CanAccept(security, "var_str"), Is.False);
        Assert.That(_model.CanAccept(EditorSlot.Root(_model.Output).Item(1), "output_stand_in"), Is.True);
        Assert.That(_model.CanAccept(EditorSlot.Root(_model.Output).Item(1), "concatenate"), Is.False);
        Assert.That(_model.CanAccept(EditorSlot.Root(_model.Process), "concatenate"), Is.True);
        Assert.That(_model.CanAccept(Items, "no_such_processor"), Is.False);
        var added = UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Root(_model.Output), "output_stand_in")).Node!;
        Assert.That(added.Slot, Is.EqualTo(EditorSlot.Root(_model.Output).Item(1)), "appended after response");
    }

    // ---- cardinality ----

    [Test]
    public void Cardinality_says_whether_another_item_is_allowed()
    {
        var pick = _model.AddNode(Items, "pick_stand_in").Node!;
        var extras = EditorSlot.Of(pick, "extras");
        Assert.That(_model.Cardinality(extras)!.CanAdd, Is.True);
        _model.AddNode(extras, "var_str");
        _model.AddLiteral(extras, "two");
        var full = _model.Cardinality(extras.Item(0))!;
        Assert.That((full.Count, full.Min, full.Max, full.CanAdd, full.CanRemove, full.IsSatisfied), Is.EqualTo((2, 0, 2, false, true, true)));
        Assert.That(Refused(_model, () => _model.AddLiteral(extras, "three")).Error,
            Is.EqualTo($"Input 'extras' of node '{pick.Id}' takes [0, 2] values and has 2."));
        Refused(_model, () => _model.AddNode(extras.Item(0), "var_str"));
        Assert.That(_model.Cardinality(EditorSlot.Of(pick, "source")), Is.Null, "a single-value input has no items");
    }

    [Test]
    public void Cardinality_says_whether_an_item_may_go()
    {
        var items = _model.Cardinality(Items)!;
        Assert.That((items.Count, items.Min, items.Max, items.CanAdd, items.CanRemove), Is.EqualTo((3, 2, -1, true, true)));
        _model.Remove(Items.Item(0));
        Assert.That(_model.Cardinality(Items)!.CanRemove, Is.False);
        Assert.That(_model.Remove(Items.Item(0)).Succeeded, Is.True, "removal is reported, not prevented: the validator flags it");
        Assert.That(_model.Cardinality(Items)!.IsSatisfied, Is.False);
    }

    // ---- literals ----

    [Test]
    public void Literals_are_set_with_their_types()
    {
        var slot = Items.Item(0);
        var cases = new (object? Value, string Yaml, LiteralKind Kind)[]
        {
            ("Hi", "- Hi", LiteralKind.Text),
            ("5", "- \"5\"", LiteralKind.Text),
            (5, "- 5", LiteralKind.Number),
            (2.5, "- 2.5", LiteralKind.Number),
            (true, "- true", LiteralKind.Boolean),
            (null, "- null", LiteralKind.Null),
        };
        foreach (var (value, yaml, kind) in cases)
        {
            UndoesAndRedoes(_model, () => _model.SetLiteral(slot, value));
            Assert.That(((EditorLiteral)Node("greeting").Items()[0]).Kind, Is.EqualTo(kind));
            Assert.That(_model.ToText(), Does.Contain("items:\n  " + yaml + "\n"), value?.ToString());
        }
        UndoesAndRedoes(_model, () => _model.SetLiteral(slot, new List<object?> { 1, "a" }));
        Assert.That(_model.ToText(), Does.Contain("items:\n  - - 1\n    - a\n"));
        UndoesAndRedoes(_model, () => _model.SetLiteral(slot, new Dictionary<string, object?> { ["k"] = false }));
        Assert.That(_model.ToText(), Does.Contain("items:\n  - k: false\n"));
    }

    [TestCase(LiteralKind.Text, " 5 ", " 5 ")]
    [TestCase(LiteralKind.Number, " 5 ", 5L)]
    [TestCase(LiteralKind.Number, "-2.5e3", -2500.0)]
    [TestCase(LiteralKind.Boolean, "True", true)]
    [TestCase(LiteralKind.Null, "anything", null)]
    public void Inspector_text_is_read_as_the_kind_of_literal_chosen(LiteralKind kind, string text, object? expected)
    {
        Assert.That(EditorLiteral.TryParse(kind, text, out var value, out var error), Is.True, error);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(value?.GetType(), Is.EqualTo(expected?.GetType()));
    }

    [Test]
    public void Inspector_text_of_the_wrong_kind_is_refused()
    {
        Assert.That(EditorLiteral.TryParse(LiteralKind.Number, "five", out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo("'five' is not a number."));
        Assert.That(EditorLiteral.TryParse(LiteralKind.Boolean, "yes", out _, out _), Is.False);
        Assert.That(EditorLiteral.TryParse(LiteralKind.List, "", out var list, out _) && list is List<object?> { Count: 0 }, Is.True);
        Assert.That(EditorLiteral.KindOf(Node("sum").Input("variables")!), Is.EqualTo(LiteralKind.Map));
        Assert.That(EditorLiteral.KindOf(Node("sum")), Is.Null);
    }

    [Test]
    public void Setting_what_is_already_there_is_no_edit()
    {
        var version = _model.Version;
        Assert.That(_model.SetLiteral(Items.Item(0), "Hello, ").Succeeded, Is.True);
        Assert.That(_model.SetHeader("method", "GET").Succeeded, Is.True);
        Assert.That(_model.RenameNode(Node("sum"), "sum").Succeeded, Is.True);
        Assert.That((_model.Version, _model.History.CanUndo), Is.EqualTo((version, false)));
        UndoesAndRedoes(_model, () => _model.SetLiteral(EditorSlot.Of(Node("a"), "value"), 1.0));
    }

    [Test]
    public void Queued_is_a_header_key_that_takes_a_boolean_and_is_written_after_ttl()
    {
        Assert.That(_model.SetHeader("queued", true).Succeeded, Is.True);
        Assert.That(_model.Header.Queued, Is.True);
        Assert.That(_model.ToText(), Does.Contain("ttl: 0\nqueued: true\n"));
        Assert.That(Refused(_model, () => _model.SetHeader("queued", "soon")).Error, Is.EqualTo("'queued' must be true or false."));
        UndoesAndRedoes(_model, () => _model.SetHeader("queued", false));
    }

    [Test]
    public void A_literal_that_would_read_back_as_a_node_is_refused()
    {
        var node = new Dictionary<string, object?> { ["processor"] = "var_str", ["id"] = "x", ["value"] = "v" };
        Assert.That(Refused(_model, () => _model.SetLiteral(Items.Item(0), node)).Error, Does.Contain("cannot hold a processor node"));
        Refused(_model, () => _model.SetLiteral(Items.Item(0), new object()));
    }

    [Test]
    public void An_input_switches_between_literal_and_node()
    {
        var sum = Node("sum");
        var formula = EditorSlot.Of(sum, "formula");
        var node = UndoesAndRedoes(_model, () => _model.SetNode(formula, "var_str")).Node!;
        Assert.That(sum.Input("formula"), Is.SameAs(node));
        UndoesAndRedoes(_model, () => _model.SetLiteral(formula, "a * b"));
        Assert.That(sum.Input("formula"), Is.InstanceOf<EditorLiteral>());
        Assert.That(_model.FindNode(node.Id), Is.Null);
    }

    [Test]
    public void Literal_items_are_added_inserted_moved_and_removed()
    {
        UndoesAndRedoes(_model, () => _model.AddLiteral(Items, "!"));
        UndoesAndRedoes(_model, () => _model.AddLiteral(Items.Item(0), ">"));
        Assert.That(Texts(), Is.EqualTo(new[] { ">", "Hello, ", "ref", "sum", "!" }));
        UndoesAndRedoes(_model, () => _model.MoveItem(Items.Item(4), 1));
        Assert.That(Texts(), Is.EqualTo(new[] { ">", "!", "Hello, ", "ref", "sum" }));
        UndoesAndRedoes(_model, () => _model.MoveItem(Items.Item(3), 0));
        Assert.That(Texts(), Is.EqualTo(new[] { "ref", ">", "!", "Hello, ", "sum" }));
        UndoesAndRedoes(_model, () => _model.Remove(Items.Item(1)));
        Assert.That(Texts(), Is.EqualTo(new[] { "ref", "!", "Hello, ", "sum" }));
        Refused(_model, () => _model.MoveItem(Items.Item(0), 9));
        Refused(_model, () => _model.Remove(Items.Item(9)));
    }

    [Test]
    public void Map_entries_are_added_renamed_and_removed()
    {
        var variables = EditorSlot.Of(Node("sum"), "variables");
        UndoesAndRedoes(_model, () => _model.SetLiteral(variables.Entry("c"), 3));
        UndoesAndRedoes(_model, () => _model.RenameEntry(variables.Entry("a"), "x"));
        Assert.That(((EditorMap)Node("sum").Input("variables")!).Entries.Select(e => e.Key), Is.EqualTo(new[] { "x", "b", "c" }));
        Assert.That(Node("a").Slot!.ToString(), Is.EqualTo("node 'sum', input 'variables', key 'x'"));
        Assert.That(Refused(_model, () => _model.RenameEntry(variables.Entry("x"), "b")).Error, Is.EqualTo("The map already has the key 'b'."));
        UndoesAndRedoes(_model, () => _model.Remove(variables.Entry("x")));
        Assert.That(_model.FindNode("a"), Is.Null);
    }

    [Test]
    public void An_input_is_removed()
    {
        UndoesAndRedoes(_model, () => _model.RemoveInput(Node("sum"), "variables"));
        Assert.That(Node("sum").Input("variables"), Is.Null);
        Assert.That(_model.FindNode("a"), Is.Null);
        Assert.That(Refused(_model, () => _model.RemoveInput(Node("sum"), "variables")).Error,
            Is.EqualTo("There is nothing at node 'sum', input 'variables'."));
    }

    // ---- deleting, duplicating, copying ----

    [Test]
    public void Deleting_a_node_removes_its_sub_tree()
    {
        var sum = Node("sum");
        UndoesAndRedoes(_model, () => _model.DeleteNode(sum));
        Assert.That((_model.FindNode("sum"), _model.FindNode("a")), Is.EqualTo(((EditorNode?)null, (EditorNode?)null)));
        Assert.That(Items.Node!.Input("items")!, Is.InstanceOf<EditorList>());
        Assert.That(Refused(_model, () => _model.DeleteNode(sum)).Error, Is.EqualTo("Node 'sum' is not in the document."));
        _model.Undo();
        Assert.That(_model.FindNode("a")!.Parent, Is.SameAs(sum));
    }

    [Test]
    public void Deleting_a_root_node_leaves_the_section_empty()
    {
        UndoesAndRedoes(_model, () => _model.DeleteNode(Node("greeting")));
        Assert.That((_model.Process.Root, _model.NodeCount), Is.EqualTo(((EditorValue?)null, 1)));
    }

    [Test]
    public void A_duplicated_sub_tree_follows_the_original_with_unique_ids()
    {
        var copy = UndoesAndRedoes(_model, () => _model.Duplicate(Node("sum"))).Node!;
        Assert.That(copy.Id, Is.EqualTo("sum_2"));
        Assert.That(copy.Slot, Is.EqualTo(Items.Item(3)));
        Assert.That(copy.ChildNodes.Single().Id, Is.EqualTo("a_2"));
        var again = _model.Duplicate(copy).Node!;
        Assert.That((again.Id, again.ChildNodes.Single().Id), Is.EqualTo(("sum_3", "a_3")));
        Assert.That(_model.Validate().All.Where(e => e.Message.Contains("not unique")), Is.Empty);
        Assert.That(Refused(_model, () => _model.Duplicate(Node("greeting"))).Error, Does.Contain("copy it and paste it"));
    }

    [Test]
    public void A_pasted_sub_tree_gets_fresh_ids_where_its_ids_are_taken()
    {
        var clipboard = EditorDocument.Copy(Node("sum"));
        Assert.That(clipboard.Text, Does.StartWith("processor: math\nid: sum\n"));
        var pasted = UndoesAndRedoes(_model, () => _model.Paste(Items.Item(0), clipboard)).Node!;
        Assert.That((pasted.Id, pasted.ChildNodes.Single().Id, pasted.Slot), Is.EqualTo(("sum_2", "a_2", Items.Item(0))));

        var other = EditorDocument.Load(EditorDocumentTests.Sample.Replace("id: sum", "id: total").Replace("id: a\n", "id: b\n"),
            ValidationCatalogue.Validator);
        var into = other.Paste(EditorSlot.Of(other.FindNode("greeting")!, "items"), clipboard).Node!;
        Assert.That((into.Id, into.ChildNodes.Single().Id), Is.EqualTo(("sum", "a")), "ids kept where they are free");
    }

    [Test]
    public void Pasting_repeated_ids_makes_each_unique()
    {
        var clipboard = new EditorClipboard("""
            processor: concatenate
            id: twin
            items:
              - {processor: var_str, id: twin, value: a}
              - {processor: var_str, id: twin, value: b}
            """);
        var pasted = _model.Paste(Items, clipboard).Node!;
        Assert.That(pasted.Nodes().Select(n => n.Id), Is.EqualTo(new[] { "twin", "twin_2", "twin_3" }));
    }

    [Test]
    public void Pasting_text_that_is_not_a_value_is_refused_with_its_line_and_column()
    {
        var refusal = Refused(_model, () => _model.Paste(Items, new EditorClipboard("processor: var_str\nid: x\nvalue: [unclosed\n")));
        Assert.That(refusal.Position.Line, Is.EqualTo(4).Or.EqualTo(3));
        Assert.That(refusal.Error, Does.StartWith("The clipboard does not hold a value: "));
        Refused(_model, () => _model.Paste(Items, new EditorClipboard(" ")));
        Refused(_model, () => _model.Paste(EditorSlot.Root(_model.Security), new EditorClipboard("processor: var_str\nid: x\nvalue: v")));
    }

    // ---- ids ----

    [Test]
    public void A_node_is_renamed_and_the_index_follows()
    {
        var sum = Node("sum");
        UndoesAndRedoes(_model, () => _model.RenameNode(sum, "total"));
        Assert.That((_model.FindNode("total"), _model.FindNode("sum")), Is.EqualTo((sum, (EditorNode?)null)));
        _model.Undo();
        Assert.That((sum.Id, _model.FindNode("sum")), Is.EqualTo(("sum", sum)));
    }

    [TestCase("", "A node id must not be empty.")]
    [TestCase("   ", "A node id must not be empty.")]
    [TestCase("who", "The id 'who' is already used by node 'who' (var_str) in fragment 'who': node ids must be unique.")]
    [TestCase("greeting", "The id 'greeting' is already used by node 'greeting' (concatenate) in process: node ids must be unique.")]
    public void A_rename_to_an_empty_or_used_id_is_refused(string id, string message) =>
        Assert.That(Refused(_model, () => _model.RenameNode(Node("sum"), id)).Error, Is.EqualTo(message));

    // ---- text, header, fragments ----

    [Test]
    public void Replacing_the_text_replaces_the_model_and_can_be_undone()
    {
        var text = _model.ToText().Replace("value: 1", "value: 7").Replace("name: Sample", "name: Changed");
        UndoesAndRedoes(_model, () => _model.ReplaceText(text));
        Assert.That((_model.Header.Name, _model.ToText()), Is.EqualTo(("Changed", text)));
        var version = _model.Version;
        Assert.That(_model.ReplaceText(text).Succeeded, Is.True);
        Assert.That(_model.Version, Is.EqualTo(version), "the same text changes nothing");
    }

    [Test]
    public void Replacing_with_text_that_cannot_be_read_leaves_the_model_and_reports_line_and_column()
    {
        var greeting = Node("greeting");
        var refusal = Refused(_model, () => _model.ReplaceText("name: Broken\nprocess:\n  processor: var_str\n  id: [x\n"));
        Assert.That(refusal.Position.Line, Is.GreaterThanOrEqualTo(4));
        Assert.That(refusal.Position.Column, Is.GreaterThan(0));
        Assert.That(refusal.ToString(), Does.Contain("line "));
        var duplicate = Refused(_model, () => _model.ReplaceText("name: A\nname: B\n"));
        Assert.That((duplicate.Error, duplicate.Position), Is.EqualTo(("Duplicate key 'name'.", new SourcePosition(2, 1))));
        Assert.That(Node("greeting"), Is.SameAs(greeting));
    }

    [Test]
    public void Header_values_are_set_as_the_loader_reads_them()
    {
        UndoesAndRedoes(_model, () => _model.SetHeader("method", "POST"));
        UndoesAndRedoes(_model, () => _model.SetHeader("ttl", "30"));
        UndoesAndRedoes(_model, () => _model.SetHeader("uri", "/greet/"));
        UndoesAndRedoes(_model, () => _model.SetHeader("openapi", new Dictionary<string, object?> { ["summary"] = "Greets" }));
        Assert.That((_model.Header.Method, _model.Header.Ttl, _model.Header.Uri), Is.EqualTo(("post", 30L, "greet")));
        Assert.That(_model.ToText(), Does.Contain("method: post\nttl: 30\n"));
        Assert.That(Refused(_model, () => _model.SetHeader("ttl", "soon")).Error, Is.EqualTo("'ttl' must be an integer."));
        Assert.That(Refused(_model, () => _model.SetHeader("process", "x")).Error, Does.StartWith("'process' is not a header key"));
        UndoesAndRedoes(_model, () => _model.RemoveHeader("description"));
        Assert.That(_model.Header.Has("description"), Is.False);
    }

    [Test]
    public void A_header_problem_found_on_loading_lasts_until_the_key_is_set()
    {
        var model = EditorDocument.Load(EditorDocumentTests.Sample.Replace("ttl: 0", "ttl: soon"), ValidationCatalogue.Validator);
        Assert.That(model.Validate().General.Select(e => e.Message), Has.Member("'ttl' must be an integer."));
        model.SetHeader("ttl", 5);
        Assert.That(model.Validate().IsValid, Is.True);
        model.Undo();
        Assert.That(model.LoadProblems, Is.EqualTo(new[] { "'ttl' must be an integer." }));
    }

    [Test]
    public void Fragments_are_added_renamed_with_their_references_and_removed()
    {
        UndoesAndRedoes(_model, () => _model.AddFragment("extra"));
        UndoesAndRedoes(_model, () => _model.AddNode(EditorSlot.Root(_model.Fragment("extra")!), "var_int"));
        Assert.That(_model.Sections.Select(s => s.Label), Has.Member("fragment 'extra'"));
        UndoesAndRedoes(_model, () => _model.RenameFragment("who", "name"));
        Assert.That(((EditorLiteral)Node("ref").Input("name")!).Value, Is.EqualTo("name"));
        Assert.That(_model.Validate().All.Where(e => e.Input == "name"), Is.Empty, "the reference follows the rename");
        Assert.That(Refused(_model, () => _model.AddFragment("name")).Error, Is.EqualTo("A fragment named 'name' already exists."));
        UndoesAndRedoes(_model, () => _model.RemoveFragment("extra"));
        Assert.That(_model.FindNode("var_int"), Is.Null);
    }

    // ---- history ----

    [Test]
    public void The_history_counts_changes_and_knows_when_the_document_is_dirty()
    {
        var events = new List<(ChangeKind, string)>();
        _model.Changed += (_, e) => events.Add((e.Kind, e.Description));
        Assert.That((_model.IsDirty, _model.History.CanUndo, _model.History.CanRedo), Is.EqualTo((false, false, false)));
        _model.DeleteNode(Node("sum"));
        Assert.That((_model.IsDirty, _model.History.UndoLabel, _model.Version), Is.EqualTo((true, "Delete node 'sum'", 1L)));
        _model.History.MarkSaved();
        Assert.That(_model.IsDirty, Is.False);
        _model.Undo();
        Assert.That((_model.IsDirty, _model.History.RedoLabel), Is.EqualTo((true, "Delete node 'sum'")));
        _model.Redo();
        Assert.That(_model.IsDirty, Is.False);
        _model.Undo();
        _model.AddLiteral(Items, "!");
        Assert.That((_model.IsDirty, _model.History.CanRedo), Is.EqualTo((true, false)), "a new edit forgets what could be redone");
        Assert.That(events, Is.EqualTo(new[]
        {
            (ChangeKind.Edit, "Delete node 'sum'"), (ChangeKind.Saved, "Save"), (ChangeKind.Undo, "Delete node 'sum'"),
            (ChangeKind.Redo, "Delete node 'sum'"), (ChangeKind.Undo, "Delete node 'sum'"),
            (ChangeKind.Edit, "Add to node 'greeting', input 'items'"),
        }));
        Assert.That(_model.Version, Is.EqualTo(6));
    }

    [Test]
    public void The_oldest_edits_are_forgotten_beyond_the_limit()
    {
        _model.History.Limit = 2;
        for (var i = 0; i < 5; i++)
        {
            _model.AddLiteral(Items, i);
        }
        var undone = 0;
        while (_model.Undo())
        {
            undone++;
        }
        Assert.That(undone, Is.EqualTo(2));
        Assert.That(_model.IsDirty, Is.True, "the loaded state can no longer be reached");
        _model.History.MarkSaved();
        _model.Redo();
        _model.Undo();
        Assert.That(_model.IsDirty, Is.False);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Any_sequence_of_edits_undoes_and_redoes_step_by_step(int seed)
    {
        var model = EditorDocument.Load(EditorSamples.Document(150, seed), ValidationCatalogue.Validator);
        var random = new Random(seed);
        var texts = new List<string> { model.ToText() };
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        for (var step = 0; step < 300; step++)
        {
            var nodes = model.Nodes().ToList();
            var node = Pick(nodes);
            var items = nodes.Where(n => n.Processor == "concatenate").Select(n => EditorSlot.Of(n, "items")).ToList();
            var list = Pick(items);
            var count = (list.Node!.Input("items") as EditorList)?.Items.Count ?? 0;
            var version = model.Version;
            _ = random.Next(10) switch
            {
                0 => model.AddNode(list.Item(random.Next(count + 1)), Pick(new[] { "var_str", "concatenate", "var_int" })),
                1 => model.AddLiteral(list, random.Next(100)),
                2 => model.SetLiteral(list.Item(random.Next(count)), "set"),
                3 => model.DeleteNode(node),
                4 => model.Duplicate(node),
                5 => model.MoveItem(list.Item(random.Next(count)), random.Next(count)),
                6 => model.RenameNode(node, random.Next(2) == 0 ? Pick(nodes).Id : $"renamed_{step}"),
                7 => model.Paste(list, EditorDocument.Copy(node)),
                8 => model.RemoveInput(node, node.Inputs.Count > 0 ? Pick(node.Inputs).Key : "none"),
                _ => model.SetHeader("ttl", step),
            };
            if (model.Version != version)
            {
                texts.Add(model.ToText());
            }
            if (model.Process.Root is null)
            {
                model.Undo();
                texts.RemoveAt(texts.Count - 1);
            }
        }
        Consistent(model);
        Assert.That(texts, Has.Count.GreaterThan(100));
        for (var i = texts.Count - 2; i >= 0; i--)
        {
            Assert.That(model.Undo(), Is.True);
            Assert.That(model.ToText(), Is.EqualTo(texts[i]), $"undo to step {i}");
        }
        Assert.That(model.IsDirty, Is.False);
        Consistent(model);
        for (var i = 1; i < texts.Count; i++)
        {
            Assert.That(model.Redo(), Is.True);
            Assert.That(model.ToText(), Is.EqualTo(texts[i]), $"redo to step {i}");
        }
        Consistent(model);
        Assert.That(model.Nodes().GroupBy(n => n.Id).Where(g => g.Count() > 1), Is.Empty, "ids stay unique");
    }

    private List<string> Texts() =>
        Node("greeting").Items().Select(v => v is EditorNode n ? n.Id : ((EditorLiteral)v).Value as string ?? "").ToList();
}

/// <summary>Reads the sample's item list.</summary>
internal static class SampleReading
{
    public static IReadOnlyList<EditorValue> Items(this EditorNode node) => ((EditorList)node.Input("items")!).Items;
}
