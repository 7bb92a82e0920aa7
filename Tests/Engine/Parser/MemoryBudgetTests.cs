using System.Diagnostics;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.HostileTrees;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine.Parser;

/// <summary>The per-request memory budget: what the parser counts, what it does not, and the error past it.</summary>
public class MemoryBudgetTests
{
    private const long MiB = 1024 * 1024;

    [Test]
    public async Task A_loop_doubling_a_text_ends_with_the_memory_budget_error_naming_the_node()
    {
        var clock = Stopwatch.StartNew();
        var error = await RunFails(Doubling(40), options: new EvaluationOptions { MemoryBudgetBytes = 8 * MiB });
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 507, "double")));
        Assert.That(error.Message, Is.EqualTo("The request exceeded its memory budget of 8 MiB."));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task The_same_loop_within_the_budget_answers()
    {
        var value = await Run(Doubling(10), options: new EvaluationOptions { MemoryBudgetBytes = 8 * MiB });
        Assert.That(((string)value.Data!).Length, Is.EqualTo(2048));
    }

    [Test]
    public async Task A_value_read_many_times_is_counted_once()
    {
        // An 8 KB text read 10 times would pass a 40 KB budget if every read counted; it is counted where it was built.
        var value = await Run("""
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: save, key: big, operation: save, value: {processor: var_rand, id: seed, length: 4000}}
              - processor: for_each_item
                id: each
                input: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                process_loop:
                  processor: sequential
                  id: pass
                  sequence: [{processor: var_temporary, id: read, key: big, operation: fetch}, 1]
              - {processor: var_temporary, id: last, key: big, operation: fetch}
            """, options: new EvaluationOptions { MemoryBudgetBytes = 40_000 });
        Assert.That(((string)value.Data!).Length, Is.EqualTo(4000));
    }

    [Test]
    public void Sizes_are_estimated_per_character_and_entry_and_stop_at_the_limit()
    {
        Assert.That(DataContainer.Text(new string('a', 1000)).SizeWithin(long.MaxValue), Is.EqualTo(ValueSize.Container + 22 + 2000));
        Assert.That(DataContainer.Integer(5).SizeWithin(long.MaxValue), Is.EqualTo(ValueSize.Container));
        var nested = new List<object?>();
        var shared = Enumerable.Range(0, 1000).Select(i => (object?)(long)i).ToList();
        for (var i = 0; i < 1000; i++)
        {
            nested.Add(shared);
        }
        // A million boxed integers through one shared list: the walk stops soon after the limit.
        var size = ValueSize.OfPlain(nested, 100_000);
        Assert.That(size, Is.GreaterThan(100_000).And.LessThan(200_000));
        Assert.That(ValueSize.OfPlain(nested, long.MaxValue), Is.GreaterThan(1000L * 1000 * ValueSize.Box));
    }

    [Test]
    public void A_large_value_is_serialized_only_as_far_as_a_trace_keeps_it()
    {
        var large = Enumerable.Range(0, 100_000).Select(i => (object?)new Map { ["n"] = (long)i }).ToList();
        Assert.That(PlainJson.SerializePrefix(large, 10), Is.EqualTo("[{\"n\":0},{\""));
        Assert.That(PlainJson.SerializePrefix(new List<object?> { 1L }, 10), Is.EqualTo("[1]"));
    }

    [Test]
    public async Task A_list_written_in_the_document_is_counted_against_the_node_it_feeds()
    {
        var error = await RunFails("""
            processor: var_collection
            id: holder
            items:
              - {processor: var_rand, id: r1, length: 4000}
              - {processor: var_rand, id: r2, length: 4000}
              - {processor: var_rand, id: r3, length: 4000}
            """, options: new EvaluationOptions { MemoryBudgetBytes = 20_000 });
        Assert.That((error.HttpStatus, error.ProcessorId), Is.EqualTo((507, "r3")));
        Assert.That(error.Message, Is.EqualTo("The request exceeded its memory budget of 19.53 KiB."));
    }
}
