using System.Net;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>The method override on POST, 405 with Allow, HEAD and plain OPTIONS.</summary>
public class MethodTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("methods", "app");
        foreach (var method in new[] { "get", "post", "put", "patch", "delete" })
        {
            await _host.PublishAsync("methods", "app", method, "thing", $"answered by {method}");
        }
        await _host.PublishAsync("methods", "app", "get", "readonly", "read");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Post(string path, string? overrideHeader) =>
        overrideHeader is null
            ? _host.SendAsync(HttpMethod.Post, path)
            : _host.SendAsync(HttpMethod.Post, path, null, ("X-HTTP-Method", overrideHeader));

    [TestCase("PUT", "put")]
    [TestCase("PATCH", "patch")]
    [TestCase("DELETE", "delete")]
    [TestCase("delete", "delete")]
    public async Task A_post_with_the_override_header_is_treated_as_that_method(string header, string served)
    {
        var reply = await Post("api/methods/app/thing", header);
        Assert.That(reply.Body, Is.EqualTo($$"""{"result":"ok","data":"answered by {{served}}"}"""));
    }

    [TestCase("GET")]
    [TestCase("OPTIONS")]
    [TestCase("TRACE")]
    public async Task The_override_only_names_put_patch_or_delete(string header)
    {
        var reply = await Post("api/methods/app/thing", header);
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"answered by post"}"""));
    }

    [Test]
    public async Task The_override_header_on_another_method_than_post_is_ignored()
    {
        var reply = await _host.SendAsync(HttpMethod.Get, "api/methods/app/thing", null, ("X-HTTP-Method", "DELETE"));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"answered by get"}"""));
    }

    [Test]
    public async Task An_overridden_method_with_no_resource_is_405_naming_it_with_allow()
    {
        var reply = await Post("api/methods/app/readonly", "PATCH");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(reply.Header("Allow"), Is.EqualTo("GET, OPTIONS"));
        Assert.That(reply.Body, Is.EqualTo(
            """{"result":"error","data":{"id":null,"code":3,"message":"Method PATCH is not allowed here; allowed: GET, OPTIONS."}}"""));
    }

    [Test]
    public async Task A_wrong_method_is_405_with_every_allowed_method()
    {
        var reply = await _host.SendAsync(HttpMethod.Put, "api/methods/app/readonly");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(reply.Header("Allow"), Is.EqualTo("GET, OPTIONS"));
    }

    [Test]
    public async Task Head_answers_like_get_without_a_body()
    {
        var reply = await _host.SendAsync(HttpMethod.Head, "api/methods/app/readonly");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Bytes, Is.Empty);
        Assert.That(reply.Response.Content.Headers.ContentLength, Is.EqualTo("""{"result":"ok","data":"read"}""".Length));
    }

    [Test]
    public async Task Options_lists_the_methods_of_the_uri()
    {
        var reply = await _host.SendAsync(HttpMethod.Options, "api/methods/app/thing");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(reply.Header("Allow"), Is.EqualTo("DELETE, GET, PATCH, POST, PUT, OPTIONS"));
        Assert.That(reply.Header("Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task Options_on_an_unknown_uri_is_404()
    {
        var reply = await _host.SendAsync(HttpMethod.Options, "api/methods/app/nothing");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
