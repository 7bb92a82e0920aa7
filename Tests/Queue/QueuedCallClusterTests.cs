using System.Net;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Queue;

/// <summary>
/// A call queued on one host and run by another (a web-only node and a worker node on one database): the worker runs
/// a resource and an application it has not heard of yet, reading them from the database rather than failing the job.
/// </summary>
public class QueuedCallClusterTests
{
    [Test]
    public async Task A_worker_host_runs_a_call_to_a_resource_published_on_another_host_a_moment_before()
    {
        await using var web = await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Queue:Workers:0:Count"] = "0" });
        await using var worker = await TestHost.StartAsync(database: web.Database);
        await web.CreateApplicationAsync("cluster", "fresh");
        await web.PublishAsync("cluster", "fresh", "get", "hello", "hello from the web node");
        var accepted = await web.GetAsync("api/cluster/fresh/hello?queue=1");
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        var id = (long)((Map)accepted.Data!)["job_id"]!;
        var row = await StoredJobs.UntilAsync(web.Database.Database, id, JobStatus.Completed);
        Assert.That((row!.Status, row.Error), Is.EqualTo((JobStatus.Completed, (string?)null)));
        Assert.That(row.ReservedBy, Does.StartWith(QueueWorkers.HostName(worker.Services.GetRequiredService<JobSignal>()) + ":"));
        Assert.That(PlainJson.Parse(row.Result!), Is.EqualTo(new Map
        {
            ["status"] = 200L,
            ["content_type"] = "application/json; charset=utf-8",
            ["content"] = new Map { ["result"] = "ok", ["data"] = "hello from the web node" },
        }));
    }
}
