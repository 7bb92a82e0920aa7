using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Scripting.Workers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>The host's services hold the Node.js and Python engines, and the host's shutdown ends their processes.</summary>
public class ScriptingServicesTests
{
    [Test]
    public async Task The_worker_engines_are_registered_and_end_their_processes_with_the_host()
    {
        var options = new ApiStudioOptions();
        options.Scripting.NodeJs.Executable = Interpreters.Node;
        options.Scripting.Python.Executable = Interpreters.Python;
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        services.AddApiStudioScripting();
        services.AddApiStudioScripting();
        var provider = services.BuildServiceProvider();
        var engines = provider.GetServices<IScriptEngine>().ToList();
        Assert.That(engines.Select(e => e.Name), Is.EquivalentTo(ScriptEngines.All), "each engine once, however often the services are added");
        var set = provider.GetRequiredService<ScriptEngineSet>();
        Assert.That(set.Allowed, Does.Contain(ScriptEngines.NodeJs).And.Contain(ScriptEngines.Python));
        Assert.That((await WorkerHarness.Run(set.For(ScriptEngines.NodeJs, "s"), "return 'node';")).Value, Is.EqualTo("node"));
        Assert.That((await WorkerHarness.Run(set.For(ScriptEngines.Python, "s"), "return 'python'")).Value, Is.EqualTo("python"));
        var pids = engines.OfType<WorkerScriptEngine>().SelectMany(e => e.WorkerProcessIds).ToList();
        Assert.That(pids, Has.Count.EqualTo(2));
        await provider.DisposeAsync();
        await WorkerHarness.AllEnded(pids);
    }
}
