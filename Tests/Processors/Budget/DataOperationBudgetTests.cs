using ApiStudio.Engine.Processing;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Budget;

/// <summary>Data operations whose one step can multiply a value refuse a result that cannot fit before building it.</summary>
public class DataOperationBudgetTests
{
    private static readonly EvaluationOptions OneMiB = new() { MemoryBudgetBytes = 1024 * 1024 };

    private static void IsMemoryError(ApiException error, string nodeId)
    {
        Assert.That((error.Code, error.HttpStatus, error.ProcessorId), Is.EqualTo((ErrorCodes.Core, 507, nodeId)));
        Assert.That(error.Message, Is.EqualTo("The request exceeded its memory budget of 1 MiB."));
    }

    [Test]
    public async Task Replace_that_would_multiply_the_text_is_refused()
    {
        // 1,000 occurrences, each replaced by 4,000 characters: 8 MB of text from a 2 KB haystack.
        var error = await RunFails($$$"""
            processor: replace
            id: grow
            haystack: {{{new string('a', 1000)}}}
            needle: a
            value: {processor: var_rand, id: long, length: 4000}
            """, options: OneMiB);
        IsMemoryError(error, "grow");
    }

    [Test]
    public async Task Replace_within_the_budget_is_unchanged()
    {
        var value = await Run("""
            processor: replace
            id: grow
            haystack: abcabc
            needle: b
            value: BBB
            """, options: OneMiB);
        Assert.That(value.Data, Is.EqualTo("aBBBcaBBBc"));
    }

    [Test]
    public async Task Concatenate_of_texts_too_long_together_is_refused()
    {
        var items = string.Concat(Enumerable.Range(0, 200).Select(i => $"\n  - {{processor: var_temporary, id: read{i}, key: t, operation: fetch}}"));
        var error = await RunFails($$$"""
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: save, key: t, operation: save, value: {processor: var_rand, id: r, length: 4000}}
              - processor: concatenate
                id: join
                items:{{{items.Replace("\n", "\n    ")}}}
            """, options: OneMiB);
        IsMemoryError(error, "join");
    }

    [Test]
    public async Task Merge_of_one_list_given_many_times_is_refused()
    {
        var sources = string.Concat(Enumerable.Range(0, 100).Select(i => $"\n  - {{processor: var_temporary, id: read{i}, key: l, operation: fetch}}"));
        var list = "[" + string.Join(", ", Enumerable.Range(0, 1000)) + "]";
        var error = await RunFails($$$"""
            processor: sequential
            id: all
            sequence:
              - {processor: var_temporary, id: save, key: l, operation: save, value: {{{list}}}}
              - processor: merge
                id: union
                sources:{{{sources.Replace("\n", "\n    ")}}}
            """, options: OneMiB);
        IsMemoryError(error, "union");
    }

    [Test]
    public async Task Json_path_set_that_copies_a_large_value_into_every_match_is_refused()
    {
        var data = "[" + string.Join(", ", Enumerable.Range(0, 1000)) + "]";
        var error = await RunFails($$$"""
            processor: json_path
            id: fill
            data: {{{data}}}
            expression: "$[*]"
            operation: set
            value: {processor: var_rand, id: r, length: 4000}
            """, options: OneMiB);
        IsMemoryError(error, "fill");
    }
}
