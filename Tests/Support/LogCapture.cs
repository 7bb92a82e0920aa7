using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Tests.Support;

/// <summary>
/// Records every log message of a running host (add it with <c>ILoggerFactory.AddProvider</c>): the rendered message,
/// the structured values and any exception, to assert that secrets never reach the logs.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Everything logged so far, one entry per message (message, values, exception).</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Everything logged so far as one text.</summary>
    public string Text => string.Join("\n", _lines);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Capturing(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
