using System.Net;
using System.Text;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>The shipped examples of <c>resources/examples</c>, imported on first start, called as a user would with curl.</summary>
public class ShippedExamplesHttpTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await TestHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Send(HttpMethod method, string path, string? json = null) => _host.SendAsync(method, path,
        json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

    [Test]
    public async Task The_to_do_list_adds_lists_reads_and_removes_items()
    {
        Assert.That((await Send(HttpMethod.Post, "api/examples/demo/todo/milk", """{"text":"buy milk"}""")).Body,
            Is.EqualTo("""{"result":"ok","data":"buy milk"}"""));
        await Send(HttpMethod.Post, "api/examples/demo/todo/walk", """{"text":"walk the dog"}""");
        var taken = await Send(HttpMethod.Post, "api/examples/demo/todo/milk", """{"text":"again"}""");
        Assert.That(taken.Status, Is.EqualTo(HttpStatusCode.Conflict), taken.Body);
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/todo")).Body,
            Is.EqualTo("""{"result":"ok","data":{"milk":"buy milk","walk":"walk the dog"}}"""));
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/todo?keyword=wal")).Body,
            Is.EqualTo("""{"result":"ok","data":{"walk":"walk the dog"}}"""));
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/todo/walk")).Body, Is.EqualTo("""{"result":"ok","data":"walk the dog"}"""));
        Assert.That((await Send(HttpMethod.Delete, "api/examples/demo/todo/walk")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That((await Send(HttpMethod.Get, "api/examples/demo/todo/walk")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Send(HttpMethod.Delete, "api/examples/demo/todo/walk")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("application/json", "application/json", "{\"name\":\"Earth\",\"moons\":1,\"au\":1.0}")]
    [TestCase("application/xml", "application/xml", "<name>Earth</name>")]
    [TestCase("text/html", "text/html", "Earth")]
    [TestCase("text/plain", "text/plain", "\"Earth\"")]
    public async Task Planets_answer_in_the_format_asked_for(string accept, string mediaType, string fragment)
    {
        var reply = await _host.GetAsync("api/examples/demo/planets", ("Accept", accept));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.MediaType, Is.EqualTo(mediaType));
        Assert.That(reply.Body, Does.Contain(fragment));
    }

    [Test]
    public async Task The_developer_note_needs_a_token_with_the_developer_role()
    {
        Assert.That((await _host.GetAsync("api/examples/demo/developer-note")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));

        var app = SecurityKit.Application(_host, "examples", "demo");
        await SecurityKit.CreateUserAsync(_host, "reader", ("Consumer", app.Accid, app.Appid));
        var consumer = (string)(await SecurityKit.LoginAsync(_host, "reader"))["token"]!;
        Assert.That((await SecurityKit.GetAsync(_host, "api/examples/demo/developer-note", consumer)).Status,
            Is.EqualTo(HttpStatusCode.Forbidden));

        var admin = (string)(await SecurityKit.LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        var note = await SecurityKit.GetAsync(_host, "api/examples/demo/developer-note", admin, ("User-Agent", "curl"));
        Assert.That(note.Body, Is.EqualTo("""{"result":"ok","data":"Hello curl, the deploy window is Friday 10:00."}"""));
    }
}
