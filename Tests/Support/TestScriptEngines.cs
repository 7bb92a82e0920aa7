using ApiStudio.Engine.Scripting;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>
/// Script engines for hosts that register none of their own: a JavaScript engine that checks scripts with
/// <see cref="JavaScriptProgram.Check"/> (the parse the JavaScript engine does at save) and does not run them. Where
/// the host registers its engines, they are used as they are.
/// </summary>
public static class TestScriptEngines
{
    /// <summary>Adds the checking JavaScript engine when <paramref name="services"/> holds no <see cref="IScriptEngine"/>.</summary>
    public static IServiceCollection AddWhenMissing(IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IScriptEngine)))
        {
            services.AddSingleton<IScriptEngine, CheckingJavaScriptEngine>();
        }
        return services;
    }

    /// <summary>Checks JavaScript as the engine does at save; running is not its business.</summary>
    private sealed class CheckingJavaScriptEngine : IScriptEngine
    {
        public string Name => ScriptEngines.JavaScript;

        public ValueTask<ScriptSyntaxError?> CheckAsync(string content, CancellationToken cancellationToken) =>
            ValueTask.FromResult(JavaScriptProgram.Check(content));

        public Task<ScriptOutcome> RunAsync(ScriptSource source, ScriptRun run) =>
            throw new NotSupportedException("This test engine only checks scripts.");

        public void Forget(long sid)
        {
        }
    }
}
