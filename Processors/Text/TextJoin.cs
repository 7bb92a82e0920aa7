using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Text;

/// <summary>The items of a list (or the values of a map) joined into one text.</summary>
public sealed class TextJoin : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Text join",
        "Joins the items of a list, or the values of a map, into one text with separator between them. Numbers and " +
        "booleans are written as text, nulls as nothing; an item that is a list or map is an error. " +
        "Example: items: [red, green, blue], separator: \", \" → \"red, green, blue\".",
        new InputSpec("items", "The list (or map) to join.") { Min = 1, LimitTypes = [DataType.Array] },
        new InputSpec("separator", "Written between items.") { LimitTypes = TextValues.Texts, Default = "" })
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var separator = TextValues.Of(context, "separator");
        IEnumerable<object?> items = context.Val("items").Data switch
        {
            Map map => map.Values,
            List<object?> list => list,
            _ => [],
        };
        var texts = new List<string>();
        long length = 0;
        foreach (var item in items)
        {
            if (item is List<object?> or Map)
            {
                throw context.Error($"Input 'items' holds a list or map at position {texts.Count}; only texts, numbers and booleans can be joined (node '{context.NodeId}').");
            }
            var text = DataContainer.FromPlain(item).AsText(context.NodeId);
            length += text.Length + separator.Length;
            texts.Add(text);
        }
        context.EnsureFits(ValueSize.OfText(length));
        return DataContainer.Text(string.Join(separator, texts));
    }
}
