using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Tests.Http;

/// <summary>
/// On first start the event scripts of the resources folder (<c>scripts/{account}/{application}/...</c>) are imported
/// with the resources; a file whose application does not exist or that does not parse is logged naming it and skipped.
/// </summary>
public class ScriptFirstStartTests
{
    [Test]
    public async Task The_scripts_of_the_resources_folder_are_imported_and_bad_files_are_logged_and_skipped()
    {
        using var folder = new TempFolder();
        folder.CopyExamples();
        var good = folder.Write("scripts/examples/demo/demo.greeting.get.post_process.js",
            "// apistudio: allow_event_modification=true\nevent.response.content = 'hi';\n");
        var wildcard = folder.Write("scripts/examples/demo/demo.%2A.get.pre_process.js", "return;\n");
        var broken = folder.Write("scripts/examples/demo/demo.broken.get.pre_process.js", "if (\n");
        var stranger = folder.Write("scripts/nobody/none/none.x.get.pre_process.js", "return 1;");
        var logs = new LogCapture();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:ResourcesPath"] = folder.Path },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var stored = await host.Database.Database.ReadAsync(ScriptMapper.AllAsync);
        Assert.That(stored.Select(s => (s.Name, s.Content, s.AllowEventModification)), Is.EquivalentTo(new[]
        {
            ("demo.greeting.get.post_process", "event.response.content = 'hi';\n", true),
            ("demo.*.get.pre_process", "return;\n", false),
        }));
        Assert.That((await host.Database.Database.ReadAsync(ResourceMapper.AllAsync)).Select(r => r.Uri), Does.Contain("greeting"),
            "the resources are imported too");
        Assert.That(logs.Text, Does.Contain($"{broken}: 'content' is not valid JavaScript"));
        Assert.That(logs.Text, Does.Contain($"{stranger}: application 'none' does not exist in account 'nobody'; not imported."));
        Assert.That(logs.Text, Does.Not.Contain($"{good}:").And.Not.Contain($"{wildcard}:"));
    }
}
