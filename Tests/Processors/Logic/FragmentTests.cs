using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class FragmentTests
{
    private const string Fragments = """
        fragments:
          greeting: {processor: concatenate, id: hello, items: [Hello, ", ", {processor: fragment, id: inner, name: who}]}
          who: {processor: test_record, id: world, value: world}
          answer: 42
          itself: {processor: fragment, id: loop_back, name: itself}
        """;

    [Test]
    public async Task Returns_the_value_of_the_fragment()
    {
        var run = await Run("{processor: fragment, id: use, name: greeting}", extra: Fragments);
        Assert.That(run.Value!.Data, Is.EqualTo("Hello, world"));
    }

    [Test]
    public async Task A_literal_fragment_is_returned_as_is()
    {
        var run = await Run("{processor: fragment, id: use, name: answer}", extra: Fragments);
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
            """, extra: Fragments);
        Assert.That(run.Value!.Data, Is.EqualTo("Hello, worldworld"));
        Assert.That(run.Recorder.Count("world"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_fragment_is_rejected_with_node_id()
    {
        var error = await RunFails("{processor: fragment, id: use, name: nowhere}", extra: Fragments);
        Assert.That((error.Code, error.ProcessorId), Is.EqualTo((ErrorCodes.ProcessorFormat, "use")));
        Assert.That(error.Message, Is.EqualTo("Unknown fragment 'nowhere'."));
    }

    [Test]
    public async Task A_fragment_that_refers_to_itself_fails_instead_of_hanging()
    {
        var error = await RunFails("{processor: fragment, id: use, name: itself}", extra: Fragments);
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.ProcessorFormat));
        Assert.That(error.ProcessorId, Is.EqualTo("loop_back"));
        Assert.That(error.Message, Is.EqualTo("Fragment 'itself' refers to itself while it is being evaluated."));
    }

    [Test]
    public async Task Missing_name_is_rejected_with_node_id()
    {
        var error = await RunFails("{processor: fragment, id: use}", extra: Fragments);
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, 400, "use")));
        Assert.That(error.Message, Is.EqualTo("Required input 'name' is missing in node 'use'."));
    }

    [Test]
    public async Task A_name_of_the_wrong_type_is_rejected_with_node_id()
    {
        var error = await RunFails("{processor: fragment, id: use, name: [greeting]}", extra: Fragments);
        Assert.That((error.Code, error.ProcessorId), Is.EqualTo((ErrorCodes.InvalidInput, "use")));
        Assert.That(error.Message, Does.StartWith("Input 'name' does not accept type array"));
    }
}
