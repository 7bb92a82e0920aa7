namespace ApiStudio.Studio.Cli;

/// <summary>
/// Logs of the host a command builds, as plain lines on the command's error output (warnings and errors only): a
/// command prints its own results and keeps the host's chatter out of them.
/// </summary>
public sealed class CliLogs(TextWriter error) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(error);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {formatter(state, exception)}";
            lock (error)
            {
                error.WriteLine(line);
            }
        }
    }
}
