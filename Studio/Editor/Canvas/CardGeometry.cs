using ApiStudio.Studio.Editor.Model;

namespace ApiStudio.Studio.Editor.Canvas;

/// <summary>
/// The fixed geometry of a processor card: the layout sizes cards with it and ports sit where its rows are drawn
/// (the card's CSS uses the same numbers), so nothing is measured in the browser — a 1,000-node tree needs no
/// round trip per port.
/// </summary>
public static class CardGeometry
{
    /// <summary>Card width.</summary>
    public const double Width = 260;

    /// <summary>Height of the title band (processor name and node id).</summary>
    public const double HeaderHeight = 44;

    /// <summary>Height of one input row.</summary>
    public const double RowHeight = 22;

    /// <summary>Height of the trace band (output and time of the last try).</summary>
    public const double TraceHeight = 38;

    /// <summary>Bottom padding.</summary>
    public const double Padding = 6;

    /// <summary>Size of a port square.</summary>
    public const double PortSize = 10;

    /// <summary>The size of a card with <paramref name="rows"/> input rows, with or without a trace band.</summary>
    public static CardSize Size(int rows, bool traced) => new(Width, HeaderHeight + rows * RowHeight + (traced ? TraceHeight : 0) + Padding);

    /// <summary>Top of input row <paramref name="row"/> within the card.</summary>
    public static double RowTop(int row) => HeaderHeight + row * RowHeight;
}
