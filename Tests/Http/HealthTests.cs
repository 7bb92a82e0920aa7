using System.Net;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Storage;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApiStudio.Tests.Http;

/// <summary><c>/health</c> answers while the database does, and says so when it does not.</summary>
public class HealthTests
{
    [Test]
    public async Task Health_is_ok_with_the_database_and_the_number_of_resources()
    {
        await using var host = await TestHost.StartAsync();
        var reply = await host.GetAsync("health");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.OK, "application/json")));
        Assert.That(reply.Body, Is.EqualTo($$"""{"status":"ok","database":"ok","resources":{{host.Registry.Routes.Resources.Count}}}"""));
        Assert.That(host.Registry.Routes.Resources, Is.Not.Empty, "the shipped resources are counted");
        Assert.That(reply.Header("Cache-Control"), Is.EqualTo("no-store"));
    }

    [Test]
    public async Task Health_is_503_when_the_database_does_not_answer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apistudio-tests", Guid.NewGuid().ToString("N"));
        var database = new Database(new DatabaseOptions
        {
            Provider = "sqlite",
            ConnectionString = $"Data Source={Path.Combine(folder, "missing.db")};Mode=ReadOnly",
        });
        var registry = new ResourceRegistry(database, TestEngine.Planner, NullLogger<ResourceRegistry>.Instance);
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        var result = await HealthCheck.AnswerAsync(http, database, registry);
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.That(http.Response.StatusCode, Is.EqualTo(503));
        Assert.That(body, Is.EqualTo("""{"status":"unavailable","database":"unavailable","resources":0}"""));
        Directory.Delete(folder, recursive: true);
    }
}
