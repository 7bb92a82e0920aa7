using System.Net;
using System.Text;
using ApiStudio.Engine.Resources;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>A to-do list on the var store, published and called over HTTP (real Kestrel, SQLite and PostgreSQL).</summary>
public class VarStoreHttpTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await Save("post", "it-todo/{key}", """
            processor: var_store_create
            id: add
            key:
              processor: var_uri
              id: key
              key: key
            val:
              processor: var_post
              id: text
              key: text
            """);
        await Save("get", "it-todo", """
            processor: var_store_read
            id: list
            keyword: "todo-"
            """);
        await Save("get", "it-todo/{key}", """
            processor: var_store_read
            id: one
            key:
              processor: var_uri
              id: key
              key: key
            """);
        await Save("delete", "it-todo/{key}", """
            processor: var_store_delete
            id: remove
            key:
              processor: var_uri
              id: key
              key: key
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task Save(string method, string uri, string process) =>
        _host.Registry.SaveAsync(HostedRuns.Document(process, uri, method), DocumentFormat.Yaml, $"{method}-{uri}.yaml");

    private async Task<(HttpStatusCode Status, string Body)> Send(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Items_are_added_listed_read_and_deleted()
    {
        Assert.That(await Send(HttpMethod.Post, "api/examples/demo/it-todo/todo-1", """{"text":"shop"}"""),
            Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"shop"}""")));
        await Send(HttpMethod.Post, "api/examples/demo/it-todo/todo-2", """{"text":"walk"}""");
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-todo"),
            Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":{"todo-1":"shop","todo-2":"walk"}}""")));
        Assert.That(await Send(HttpMethod.Delete, "api/examples/demo/it-todo/todo-1"),
            Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":true}""")));
        Assert.That(await Send(HttpMethod.Get, "api/examples/demo/it-todo/todo-1"), Is.EqualTo((HttpStatusCode.NotFound,
            """{"result":"error","data":{"id":"one","code":6,"message":"Variable (todo-1) does not exist in application examples/demo."}}""")));
    }

    [Test]
    public async Task A_duplicate_is_409_in_the_error_envelope()
    {
        await Send(HttpMethod.Post, "api/examples/demo/it-todo/dup", """{"text":"a"}""");
        Assert.That(await Send(HttpMethod.Post, "api/examples/demo/it-todo/dup", """{"text":"b"}"""), Is.EqualTo((HttpStatusCode.Conflict,
            """{"result":"error","data":{"id":"add","code":6,"message":"Variable (dup) already exists in application examples/demo."}}""")));
    }

    [Test]
    public async Task Sql_injection_in_the_key_and_the_body_is_stored_as_data()
    {
        const string Attack = "x'; DROP TABLE var_store; --";
        var path = "api/examples/demo/it-todo/" + Uri.EscapeDataString(Attack);
        var (status, _) = await Send(HttpMethod.Post, path, """{"text":"1' OR '1'='1"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Send(HttpMethod.Get, path), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"1' OR '1'='1"}""")));
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/greeting?name=Ada")).Status, Is.EqualTo(HttpStatusCode.OK), "the host keeps serving");
    }
}
