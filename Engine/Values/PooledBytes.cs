using System.Buffers;

namespace ApiStudio.Engine.Values;

/// <summary>
/// A growable byte buffer rented from the shared array pool, for bytes built on the request path (JSON answers,
/// cache keys): <see cref="Reserve"/>, write into <see cref="Free"/>, <see cref="Advance"/>; <see cref="Dispose"/>
/// gives the array back. A mutable struct: keep it in one local or field and pass it by reference.
/// </summary>
internal struct PooledBytes(int initialSize) : IDisposable
{
    private const int MaxPooledLength = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    /// <summary>The bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The written bytes.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>The space after the written bytes (at least what the last <see cref="Reserve"/> asked for).</summary>
    public readonly Span<byte> Free => _buffer.AsSpan(Length);

    /// <summary>Makes room for <paramref name="more"/> bytes after the written ones.</summary>
    public void Reserve(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + more));
        Written.CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="Free"/>.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(Free);
        Length += bytes.Length;
    }

    /// <summary>Appends one byte.</summary>
    public void Write(byte value)
    {
        Reserve(1);
        _buffer[Length++] = value;
    }

    /// <summary>Gives the array back to the pool (a very large one is left to the collector).</summary>
    public void Dispose()
    {
        if (_buffer.Length is > 0 and <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = [];
        Length = 0;
    }
}
