using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class FragmentTests
{
    private const string Greeting = """
        fragments:
          greeting: {processor: concatenate, id: hello, items: [Hello, ", ", {processor: fragment, id: inner, name: who}]}
          who: {processor: test_record, id: world, value: world}
        """;

    private const string Answer = """
        fragments:
          answer: 42
        """;

    private const string Itself = """
        fragments:
          itself: {processor: fragment, id: loop_back, name: itself}
        """;

    private const string Cycle = """
        fragments:
          first: {processor: fragment, id: to_second, name: second}
          second: {processor: fragment, id: to_first, name: first}
        """;

    [Test]
    public async Task Returns_the_value_of_the_fragment()
    {
        var run = await Run("{processor: fragment, id: use, name: greeting}", extra: Greeting);
        Assert.That(run.Value!.Data, Is.EqualTo("Hello, world"));
    }

    [Test]
    public async Task A_literal_fragment_is_returned_as_is()
    {
        var run = await Run("{processor: fragment, id: use, name: answer}", extra: Answer);
        Assert.That(run.Value!.Data, Is.EqualTo(42L));
    }

    [Test]
    public async Task A_fragment_used_directly_and_through_another_fragment_runs_once()
    {
        var run = await Run("""
            processor: concatenate
            id: both
            items:
              - {processor: fragment, id: first, name: greeting}
              - {processor: fragment, id: second, name: who}
            """, extra: Greeting);
        Assert.That(run.Value!.Data, Is.EqualTo("Hello, worldworld"));
        Assert.That(run.Recorder.Count("world"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_fragment_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors("{processor: fragment, id: use, name: nowhere}", Answer);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "use", "name")));
        Assert.That(refused.Message, Is.EqualTo("Resource 'Test resource': node 'use', input 'name': Fragment 'nowhere' is not declared."));
    }

    [Test]
    public async Task An_unknown_fragment_is_still_refused_at_run_time_without_validation()
    {
        var error = await RunUnvalidatedFails("{processor: fragment, id: use, name: nowhere}", Answer);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.ProcessorFormat, 500, "use")));
        Assert.That(error.Message, Is.EqualTo("Unknown fragment 'nowhere'."));
    }

    [Test]
    public async Task A_fragment_that_refers_to_itself_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors("{processor: fragment, id: use, name: itself}", Itself);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "loop_back", "name")));
        Assert.That(refused.Message, Is.EqualTo("Resource 'Test resource': node 'loop_back', input 'name': Fragment 'itself' refers to itself."));
    }

    [Test]
    public async Task A_fragment_that_refers_to_itself_fails_at_run_time_instead_of_hanging()
    {
        // The validator refuses such a document; the engine's own guard stands behind it for plans built otherwise.
        var error = await RunUnvalidatedFails("{processor: fragment, id: use, name: itself}", Itself);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.ProcessorFormat, 500, "loop_back")));
        Assert.That(error.Message, Is.EqualTo("Fragment 'itself' refers to itself while it is being evaluated."));
    }

    [Test]
    public async Task Fragments_that_refer_to_each_other_are_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors("{processor: fragment, id: use, name: first}", Cycle);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "to_first", "name")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'to_first', input 'name': Fragments refer to each other in a cycle: first -> second -> first."));
    }

    [Test]
    public async Task Fragments_that_refer_to_each_other_fail_at_run_time_instead_of_hanging()
    {
        var error = await RunUnvalidatedFails("{processor: fragment, id: use, name: first}", Cycle);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.ProcessorFormat, 500, "to_first")));
        Assert.That(error.Message, Is.EqualTo("Fragment 'first' refers to itself while it is being evaluated."));
    }

    [Test]
    public async Task Missing_name_is_rejected_at_publish_with_node_id()
    {
        IsMissingAtPublish(await RejectedWithTestProcessors("{processor: fragment, id: use}", Answer), "use", "name");
    }

    [Test]
    public async Task Missing_name_is_still_refused_at_run_time_without_validation()
    {
        IsMissingAtRunTime(await RunUnvalidatedFails("{processor: fragment, id: use}", Answer), "use", "name");
    }

    [Test]
    public async Task A_name_of_the_wrong_type_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors("{processor: fragment, id: use, name: [greeting]}", Greeting);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "use", "name")));
        Assert.That(refused.Message, Is.EqualTo(string.Join(Environment.NewLine,
            "Resource 'Test resource': node 'use', input 'name': Input 'name' does not accept type array; allowed: text.",
            "Resource 'Test resource': node 'use', input 'name': A fragment node names a declared fragment in 'name', as text.")));
    }

    [Test]
    public async Task A_name_of_the_wrong_type_is_still_refused_at_run_time_without_validation()
    {
        var error = await RunUnvalidatedFails("{processor: fragment, id: use, name: [greeting]}", Greeting);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "use")));
        Assert.That(error.Message, Is.EqualTo("Input 'name' does not accept type array; allowed: text. (node 'use')"));
    }

    [Test]
    public async Task A_computed_name_is_rejected_at_publish_with_node_id()
    {
        var refused = await RejectedWithTestProcessors(
            "{processor: fragment, id: use, name: {processor: var_str, id: computed, value: greeting}}", Greeting);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "use", "name")));
        Assert.That(refused.Message, Is.EqualTo(
            "Resource 'Test resource': node 'use', input 'name': A fragment node names a declared fragment in 'name', as text."));
    }
}
