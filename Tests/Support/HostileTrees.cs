namespace ApiStudio.Tests.Support;

/// <summary>Trees and data that try to exhaust a host, shared by the budget tests of the engine and of a real host.</summary>
public static class HostileTrees
{
    /// <summary>
    /// A do_while that doubles a text <paramref name="maxLoops"/> times (node <c>double</c> builds each text): a text of
    /// 2^(maxLoops + 1) characters, after texts half as long, a quarter...
    /// </summary>
    public static string Doubling(int maxLoops) => $$"""
        processor: sequential
        id: all
        sequence:
          - {processor: var_temporary, id: seed, key: s, operation: save, value: ab}
          - processor: do_while
            id: loop
            lhs: 1
            rhs: 1
            operator: "=="
            max_loops: {{maxLoops}}
            process_loop:
              processor: var_temporary
              id: store
              key: s
              operation: save
              value:
                processor: concatenate
                id: double
                items:
                  - {processor: var_temporary, id: left, key: s, operation: fetch}
                  - {processor: var_temporary, id: right, key: s, operation: fetch}
          - {processor: var_temporary, id: result, key: s, operation: fetch}
        """;

    /// <summary>JSON lists nested <paramref name="depth"/> deep around the number 1, each level with <paramref name="siblings"/> more 1s.</summary>
    public static string Nested(int depth, int siblings = 0) =>
        string.Concat(Enumerable.Repeat("[" + string.Concat(Enumerable.Repeat("1,", siblings)), depth)) + "1" + new string(']', depth);

    /// <summary>An XML document of <paramref name="count"/> empty elements under its root.</summary>
    public static string WideXml(int count) => "<r>" + string.Concat(Enumerable.Repeat("<a/>", count)) + "</r>";

    /// <summary>An XML document of elements nested <paramref name="depth"/> deep.</summary>
    public static string DeepXml(int depth) =>
        string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));

    /// <summary>XPath that counts every element once per element per element.</summary>
    public const string NestedCounts = "count(//*[count(//*[count(//*) > 0]) > 0])";
}
