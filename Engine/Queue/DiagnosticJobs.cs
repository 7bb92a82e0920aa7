using System.Text.Json;

namespace ApiStudio.Engine.Queue;

/// <summary>
/// Job kinds for checking a deployment's queue end to end (and for the fault tests, which run the host as a separate
/// process): <c>diagnostic.echo</c> returns its payload, <c>diagnostic.sleep</c> waits <c>{"ms": n}</c> (honouring
/// cancellation), <c>diagnostic.fail</c> throws <c>{"message": "..."}</c>. Only registered when
/// <c>ApiStudio:Queue:DiagnosticKinds</c> is true: a job kind that sleeps on request is not for production.
/// </summary>
public static class DiagnosticJobs
{
    /// <summary>The handlers.</summary>
    public static IReadOnlyList<IJobHandler> Handlers { get; } = [new Echo(), new Sleep(), new Fail()];

    private static JsonElement Read(JobContext job)
    {
        using var document = JsonDocument.Parse(job.Payload);
        return document.RootElement.Clone();
    }

    private sealed class Echo : IJobHandler
    {
        public string Kind => "diagnostic.echo";

        public Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken) => Task.FromResult<string?>(job.Payload);
    }

    private sealed class Sleep : IJobHandler
    {
        public string Kind => "diagnostic.sleep";

        public async Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
        {
            var payload = Read(job);
            var ms = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("ms", out var value) && value.TryGetInt32(out var n)
                ? Math.Clamp(n, 0, 3_600_000)
                : 0;
            await Task.Delay(ms, cancellationToken).ConfigureAwait(false);
            return $$"""{"slept":{{ms}},"attempt":{{job.Attempt}}}""";
        }
    }

    private sealed class Fail : IJobHandler
    {
        public string Kind => "diagnostic.fail";

        public Task<string?> RunAsync(JobContext job, CancellationToken cancellationToken)
        {
            var payload = Read(job);
            var message = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("message", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            throw new InvalidOperationException(message ?? "diagnostic.fail was asked to fail.");
        }
    }
}
