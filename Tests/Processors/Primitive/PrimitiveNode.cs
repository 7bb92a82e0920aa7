namespace ApiStudio.Tests.Processors.Primitive;

/// <summary>Small helpers for the primitive fixtures: a node with id <c>p</c> and its input lines.</summary>
internal static class PrimitiveNode
{
    /// <summary>The YAML of a <paramref name="processor"/> node with id <c>p</c> and the given input lines.</summary>
    public static string Of(string processor, params string[] inputs) =>
        string.Join("\n", [$"processor: {processor}", "id: p", .. inputs]);

    /// <summary>A text from a <c>var_str</c> node, to hand a processor text at run time.</summary>
    public static string[] TextNode(string input, string text) =>
        [$"{input}:", "  processor: var_str", "  id: s", $"  value: '{text}'"];
}
