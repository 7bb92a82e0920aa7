using ApiStudio.Engine.Processing;

namespace ApiStudio.Tests.Support;

/// <summary>
/// A fixture over one <see cref="TestHost"/> (fresh database on the suite's provider) with the scope of examples/demo,
/// for processors that need the host's services.
/// </summary>
public abstract class HostedFixture
{
    /// <summary>The host.</summary>
    protected TestHost Host { get; private set; } = null!;

    /// <summary>The examples/demo application, where trees run by default.</summary>
    protected ResourceScope Demo { get; private set; } = null!;

    /// <summary>Configuration for the host (none by default).</summary>
    protected virtual Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    /// <summary>Starts the host.</summary>
    [OneTimeSetUp]
    public async Task StartHost()
    {
        Host = await TestHost.StartAsync(await SettingsAsync());
        Demo = HostedRuns.Scope(Host);
    }

    /// <summary>Stops the host.</summary>
    [OneTimeTearDown]
    public async Task StopHost() => await Host.DisposeAsync();
}
