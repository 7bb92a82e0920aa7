using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.Rejections;
using static ApiStudio.Tests.Support.TestCatalogue;

namespace ApiStudio.Tests.Processors.Logic;

public class SequentialTests
{
    [Test]
    public async Task Items_run_in_order_and_the_last_value_is_returned()
    {
        var run = await Run("""
            processor: sequential
            id: steps
            sequence:
              - {processor: test_record, id: one, value: 1}
              - {processor: test_record, id: two, value: 2}
              - {processor: test_record, id: three, value: 3}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(3L));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "one", "two", "three" }));
    }

    [Test]
    public async Task Literal_items_are_allowed()
    {
        var run = await Run("""
            processor: sequential
            id: steps
            sequence: [1, {processor: test_record, id: middle}, last]
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("last"));
        Assert.That(run.Recorder.Log, Is.EqualTo(new[] { "middle" }));
    }

    [Test]
    public async Task A_single_node_is_a_sequence_of_one()
    {
        var run = await Run("""
            processor: sequential
            id: steps
            sequence: {processor: test_record, id: only, value: alone}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo("alone"));
    }

    [Test]
    public async Task Earlier_items_side_effects_are_visible_to_later_items()
    {
        var run = await Run("""
            processor: sequential
            id: steps
            sequence:
              - {processor: test_count, id: first, name: n}
              - {processor: test_count, id: second, name: n}
              - {processor: test_temporary, id: read, name: n}
            """);
        Assert.That(run.Value!.Data, Is.EqualTo(2L));
    }

    [Test]
    public async Task The_last_item_is_evaluated_in_place_of_the_node()
    {
        var run = await Run("""
            processor: sequential
            id: steps
            sequence:
              - {processor: var_str, id: first, value: a}
              - {processor: var_str, id: last, value: b}
            """, new EvaluationOptions { Trace = true });
        Assert.That(run.Trace.Select(e => e.Id), Is.EqualTo(new[] { "first", "steps", "last" }));
        Assert.That(run.Trace[1].OutputType, Is.EqualTo("branch"));
    }

    [Test]
    public async Task A_failing_item_stops_the_sequence()
    {
        var run = await Execute("""
            processor: sequential
            id: steps
            sequence:
              - {processor: test_fail, id: broken}
              - {processor: test_record, id: after}
            """);
        Assert.That(run.Error!.ProcessorId, Is.EqualTo("broken"));
        Assert.That(run.Recorder.Log, Is.Empty);
    }

    [TestCase("", "Input 'sequence' is required.")]
    [TestCase("sequence: []", "Input 'sequence' takes [1, *] values, got 0.")]
    public async Task Missing_sequence_is_rejected_at_publish_with_node_id(string sequence, string problem)
    {
        var refused = await RejectedWithTestProcessors(Steps(sequence));
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "steps", "sequence")));
        Assert.That(refused.Message, Is.EqualTo($"Resource 'Test resource': node 'steps', input 'sequence': {problem}"));
    }

    [TestCase("")]
    [TestCase("sequence: []")]
    public async Task Missing_sequence_is_still_refused_at_run_time_without_validation(string sequence)
    {
        IsMissingAtRunTime(await RunUnvalidatedFails(Steps(sequence)), "steps", "sequence");
    }

    private static string Steps(string sequence) => $"""
        processor: sequential
        id: steps
        {sequence}
        """;
}
