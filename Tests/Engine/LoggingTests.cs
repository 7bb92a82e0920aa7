using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine;

public class LoggingTests
{
    private const string Tree = """
        processor: concatenate
        id: joined
        items:
          - processor: var_str
            id: first
            value: a
          - b
        """;

    [Test]
    public async Task The_start_of_every_processor_is_logged_at_debug_with_machine_name_and_node_id()
    {
        var sink = new MemorySink();
        var events = await RunWithLogging(sink, LogEventLevel.Debug);
        var starts = events.Where(e => e.MessageTemplate.Text.StartsWith("Processor ", StringComparison.Ordinal)).ToList();
        Assert.That(starts.Select(e => e.Level), Is.All.EqualTo(LogEventLevel.Debug));
        Assert.That(starts.Select(e => e.RenderMessage()), Is.EqualTo(new[]
        {
            "Processor \"var_str\" starts node \"first\"",
            "Processor \"concatenate\" starts node \"joined\"",
        }));
    }

    [Test]
    public async Task Nothing_is_logged_per_processor_above_debug_level()
    {
        var sink = new MemorySink();
        var events = await RunWithLogging(sink, LogEventLevel.Information);
        Assert.That(events, Is.Empty);
    }

    private static async Task<List<LogEvent>> RunWithLogging(MemorySink sink, LogEventLevel minimum)
    {
        using var serilog = new LoggerConfiguration().MinimumLevel.Is(minimum).WriteTo.Sink(sink).CreateLogger();
        using var factory = new SerilogLoggerFactory(serilog);
        var prepared = Prepare(Resource(Tree));
        using var context = new EvaluationContext(new ApiRequest(), logger: factory.CreateLogger("ApiStudio.Engine"));
        var result = await prepared.ExecuteAsync(context);
        Assert.That(result.Value.Data, Is.EqualTo("ab"));
        return sink.Events;
    }

    private sealed class MemorySink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
