using System.Collections;
using ApiStudio.Engine.Values;

namespace ApiStudio.Engine.Processing;

/// <summary>The values of a multi input, read without copying: a window over the evaluated values or over an array.</summary>
public readonly struct InputValues : IReadOnlyList<DataContainer>
{
    private readonly DataContainer[]? _slots;
    private readonly int _offset;
    private readonly List<object?>? _items;

    internal InputValues(DataContainer[] slots, int offset, int count)
    {
        _slots = slots;
        _offset = offset;
        Count = count;
        _items = null;
    }

    internal InputValues(List<object?> items)
    {
        _slots = null;
        _offset = 0;
        _items = items;
        Count = items.Count;
    }

    /// <summary>How many values.</summary>
    public int Count { get; }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public DataContainer this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _items is not null ? DataContainer.FromPlain(_items[index]) : _slots![_offset + index];
        }
    }

    /// <inheritdoc />
    public IEnumerator<DataContainer> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
