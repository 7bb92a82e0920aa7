using System.Buffers;
using System.Globalization;
using System.Text;

namespace ApiStudio.Engine.Values;

/// <summary>
/// Writes a plain value as JSON straight into UTF-8 bytes, byte for byte what <see cref="PlainJson.Serialize"/>
/// followed by UTF-8 encoding gives (the same escaping: control characters, <c>"</c>, <c>\</c>, U+0085, U+2028 and
/// U+2029; floats in round-trip form with a decimal point, non-finite floats as null), without the intermediate
/// string: the response path of every JSON answer. Iterative, so any depth is safe; the work buffers are pooled.
/// </summary>
public static class PlainJsonUtf8
{
    /// <summary><paramref name="prefix"/>, the value's JSON and <paramref name="suffix"/> as one array of UTF-8 bytes.</summary>
    public static byte[] Serialize(object? value, ReadOnlySpan<byte> prefix = default, ReadOnlySpan<byte> suffix = default)
    {
        var writer = new Writer();
        try
        {
            writer.Write(prefix);
            writer.WriteDocument(value);
            writer.Write(suffix);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private struct Frame(object container)
    {
        public readonly object Container = container;
        public int Index;
    }

    private struct Writer : IDisposable
    {
        private PooledBytes _bytes;
        private Frame[] _frames;
        private int _depth;

        public Writer()
        {
            _bytes = new PooledBytes(1024);
            _frames = ArrayPool<Frame>.Shared.Rent(16);
        }

        public readonly byte[] ToArray() => _bytes.Written.ToArray();

        public void WriteDocument(object? root)
        {
            WriteValue(root);
            while (_depth > 0)
            {
                ref var top = ref _frames[_depth - 1];
                if (top.Container is Map map)
                {
                    if (top.Index == map.Count)
                    {
                        _depth--;
                        Write((byte)'}');
                        continue;
                    }
                    if (top.Index > 0)
                    {
                        Write((byte)',');
                    }
                    var (key, value) = map.GetAt(top.Index++);
                    WriteString(key);
                    Write((byte)':');
                    WriteValue(value);
                }
                else
                {
                    var list = (List<object?>)top.Container;
                    if (top.Index == list.Count)
                    {
                        _depth--;
                        Write((byte)']');
                        continue;
                    }
                    if (top.Index > 0)
                    {
                        Write((byte)',');
                    }
                    WriteValue(list[top.Index++]);
                }
            }
        }

        /// <summary>Writes a scalar, or opens a map or list (its items follow from the frame pushed).</summary>
        private void WriteValue(object? value)
        {
            switch (value)
            {
                case null:
                    Write("null"u8);
                    break;
                case bool b:
                    Write(b ? "true"u8 : "false"u8);
                    break;
                case long l:
                    WriteInteger(l);
                    break;
                case int i:
                    WriteInteger(i);
                    break;
                case double d:
                    WriteFloat(d);
                    break;
                case string s:
                    WriteString(s);
                    break;
                case Map map:
                    Write((byte)'{');
                    Push(map);
                    break;
                case List<object?> list:
                    Write((byte)'[');
                    Push(list);
                    break;
                case BinaryValue bin:
                    WriteString(Convert.ToBase64String(bin.Content));
                    break;
                case DataContainer container:
                    WriteValue(container.ToPlain());
                    break;
                default:
                    WriteString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    break;
            }
        }

        private void Push(object container)
        {
            if (_depth == _frames.Length)
            {
                var larger = ArrayPool<Frame>.Shared.Rent(_frames.Length * 2);
                _frames.AsSpan(0, _depth).CopyTo(larger);
                ArrayPool<Frame>.Shared.Return(_frames, clearArray: true);
                _frames = larger;
            }
            _frames[_depth++] = new Frame(container);
        }

        private void WriteInteger(long value)
        {
            _bytes.Reserve(20);
            value.TryFormat(_bytes.Free, out var written, default, CultureInfo.InvariantCulture);
            _bytes.Advance(written);
        }

        /// <summary>Round-trip form with a decimal point (<c>1.0</c>, <c>2.5</c>, <c>1E+20</c>); NaN and infinities as null.</summary>
        private void WriteFloat(double value)
        {
            if (!double.IsFinite(value))
            {
                Write("null"u8);
                return;
            }
            Span<char> text = stackalloc char[32];
            value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
            text = text[..length];
            _bytes.Reserve(length + 2);
            for (var i = 0; i < length; i++)
            {
                _bytes.Free[i] = (byte)text[i];
            }
            _bytes.Advance(length);
            if (text.IndexOfAny('.', 'E', 'e') < 0)
            {
                Write(".0"u8);
            }
        }

        private void WriteString(string text)
        {
            Write((byte)'"');
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= ' ' && c != '"' && c != '\\' && c != '\u0085' && c != '\u2028' && c != '\u2029')
                {
                    continue;
                }
                WriteText(text.AsSpan(start, i - start));
                WriteEscape(c);
                start = i + 1;
            }
            WriteText(text.AsSpan(start));
            Write((byte)'"');
        }

        private void WriteEscape(char c)
        {
            switch (c)
            {
                case '"':
                    Write("\\\""u8);
                    break;
                case '\\':
                    Write("\\\\"u8);
                    break;
                case '\n':
                    Write("\\n"u8);
                    break;
                case '\r':
                    Write("\\r"u8);
                    break;
                case '\t':
                    Write("\\t"u8);
                    break;
                case '\b':
                    Write("\\b"u8);
                    break;
                case '\f':
                    Write("\\f"u8);
                    break;
                default:
                    Write("\\u"u8);
                    for (var shift = 12; shift >= 0; shift -= 4)
                    {
                        var digit = (c >> shift) & 0xF;
                        Write((byte)(digit < 10 ? '0' + digit : 'a' + digit - 10));
                    }
                    break;
            }
        }

        private void WriteText(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return;
            }
            _bytes.Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
            _bytes.Advance(Encoding.UTF8.GetBytes(text, _bytes.Free));
        }

        public void Write(ReadOnlySpan<byte> bytes) => _bytes.Write(bytes);

        private void Write(byte value) => _bytes.Write(value);

        public void Dispose()
        {
            _bytes.Dispose();
            ArrayPool<Frame>.Shared.Return(_frames, clearArray: true);
            _frames = [];
        }
    }
}
