namespace ApiStudio.Engine.Values;

/// <summary>
/// Estimates of the memory values hold, for the per-request memory budget: UTF-16 text at 2 bytes a character plus
/// the object's header, lists and maps per entry, scalars as the boxes they are inside arrays. An estimate close to
/// what the runtime allocates, cheap to compute; shared sub-values are counted every time they appear, as a
/// serialization of the value would repeat them.
/// </summary>
public static class ValueSize
{
    /// <summary>A <see cref="DataContainer"/> itself.</summary>
    public const long Container = 32;

    /// <summary>A boxed scalar (bool, long, double) inside a list or map.</summary>
    public const long Box = 24;

    /// <summary>A reference slot in a list's array or a map's entry.</summary>
    public const long Slot = 8;

    private const long ListHeader = 56;
    private const long MapHeader = 96;
    private const long MapEntry = 40;

    /// <summary>A text of <paramref name="length"/> characters.</summary>
    public static long OfText(long length) => 22 + 2 * length;

    /// <summary>
    /// An estimate of the tree a parser builds from <paramref name="text"/> (an XML DOM, a JSON token tree): the text
    /// plus <paramref name="perNode"/> bytes for every character that opens or separates a node. Such trees take many
    /// times their text, and are counted before they are built.
    /// </summary>
    public static long OfParsedText(string text, long perNode, params ReadOnlySpan<char> nodeMarks)
    {
        long marks = 0;
        foreach (var mark in nodeMarks)
        {
            marks += text.AsSpan().Count(mark);
        }
        return OfText(text.Length) + marks * perNode;
    }

    /// <summary>
    /// The size of a plain value, walked without recursion; the walk stops as soon as the total passes
    /// <paramref name="limit"/> (the result is then some number above the limit), so a huge value costs no more
    /// than the budget it is checked against.
    /// </summary>
    public static long OfPlain(object? value, long limit)
    {
        long total = 0;
        Stack<object>? pending = null;
        var current = value;
        while (true)
        {
            switch (current)
            {
                case List<object?> list:
                    total += ListHeader + Slot * list.Count;
                    foreach (var item in list)
                    {
                        total += Leaf(item, ref pending);
                    }
                    break;
                case Map map:
                    total += MapHeader + MapEntry * map.Count;
                    foreach (var (key, item) in map)
                    {
                        total += OfText(key.Length) + Leaf(item, ref pending);
                    }
                    break;
                default:
                    total += Leaf(current, ref pending);
                    break;
            }
            if (total > limit || pending is not { Count: > 0 })
            {
                return total;
            }
            current = pending.Pop();
        }
    }

    /// <summary>The size of a leaf; a nested list or map is queued for the walk instead (counted when popped).</summary>
    private static long Leaf(object? item, ref Stack<object>? pending)
    {
        switch (item)
        {
            case null:
                return 0;
            case string text:
                return OfText(text.Length);
            case BinaryValue binary:
                return Box + binary.Content.Length;
            case List<object?> or Map:
                (pending ??= new Stack<object>()).Push(item);
                return 0;
            default:
                return Box;
        }
    }
}
