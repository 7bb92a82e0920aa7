using System.Text;

namespace ApiStudio.Engine.Scripting.Workers;

/// <summary>
/// Reads the lines a worker writes, each at most <c>max</c> characters: a longer line is cut there (and reported as
/// cut) and the rest of it skipped, so a process writing endlessly without a newline cannot grow the host's memory.
/// Both <c>\n</c> and <c>\r</c> end a line.
/// </summary>
internal sealed class LineReader(TextReader reader, int max)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _skipping;

    /// <summary>
    /// The next line, or its first <c>max</c> characters (cut: returned as soon as the line is longer, the rest of it is
    /// skipped); null at the end of the stream.
    /// </summary>
    public async ValueTask<(string? Line, bool Cut)> ReadAsync()
    {
        _line.Clear();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer.AsMemory());
                if (_end == 0)
                {
                    return _line.Length > 0 ? (_line.ToString(), false) : (null, false);
                }
            }
            var span = _buffer.AsSpan(_start, _end - _start);
            var end = span.IndexOfAny('\n', '\r');
            var part = end >= 0 ? span[..end] : span;
            _start = end >= 0 ? _start + end + 1 : _end;
            if (_skipping)
            {
                _skipping = end < 0;
                continue;
            }
            var room = max - _line.Length;
            if (part.Length > room)
            {
                _line.Append(part[..room]);
                _skipping = end < 0;
                return (Take(), true);
            }
            _line.Append(part);
            if (end >= 0)
            {
                return (Take(), false);
            }
        }
    }

    private string Take()
    {
        var line = _line.ToString();
        _line.Clear();
        if (_line.Capacity > 1024 * 1024)
        {
            _line.Capacity = 1024;
        }
        return line;
    }
}
