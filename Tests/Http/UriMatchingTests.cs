using System.Net;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>URI matching over HTTP: the longest uri, positional and named arguments, literal before name, decoding.</summary>
public class UriMatchingTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("routing", "app");
        await _host.PublishAsync("routing", "app", "get", "echo/{word}", "processor: var_uri\nid: word\nkey: word");
        await _host.PublishAsync("routing", "app", "get", "args", """
            processor: concatenate
            id: joined
            items:
              - processor: var_uri
                id: first
                index: 0
              - "|"
              - processor: var_uri
                id: second
                index: 1
                nullable: true
            """);
        await _host.PublishAsync("routing", "app", "get", "users/{id}", """
            processor: concatenate
            id: user
            items:
              - "user "
              - processor: var_uri
                id: id
                key: id
            """);
        await _host.PublishAsync("routing", "app", "get", "users/me", "me");
        await _host.PublishAsync("routing", "app", "get", "users/{id}/orders", """
            processor: concatenate
            id: orders
            items:
              - "orders of "
              - processor: var_uri
                id: id
                key: id
              - " from "
              - processor: var_uri
                id: from
                index: 0
                nullable: true
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<string> Data(string path)
    {
        var reply = await _host.GetAsync(path);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return reply.Body;
    }

    [Test]
    public async Task Segments_after_the_uri_are_positional_arguments() =>
        Assert.That(await Data("api/routing/app/args/a/b"), Is.EqualTo("""{"result":"ok","data":"a|b"}"""));

    [Test]
    public async Task A_name_segment_is_read_by_key() =>
        Assert.That(await Data("api/routing/app/users/42"), Is.EqualTo("""{"result":"ok","data":"user 42"}"""));

    [Test]
    public async Task A_literal_segment_is_preferred_over_a_name_segment() =>
        Assert.That(await Data("api/routing/app/users/me"), Is.EqualTo("""{"result":"ok","data":"me"}"""));

    [Test]
    public async Task The_longest_uri_wins_and_the_rest_are_positional_arguments() =>
        Assert.That(await Data("api/routing/app/users/me/orders/2024"),
            Is.EqualTo("""{"result":"ok","data":"orders of me from 2024"}"""));

    [TestCase("api/routing/app/echo/hello%20world", "hello world")]
    [TestCase("api/routing/app/echo/%C3%A9t%C3%A9", "été")]
    [TestCase("api/routing/app/echo/a%2Fb", "a/b")]
    [TestCase("api/routing/app/echo/100%25", "100%")]
    [TestCase("api/routing/app/echo/a%252Fb", "a%2Fb")]
    [TestCase("api/routing/app/echo/a+b", "a+b")]
    public async Task Encoded_segments_are_decoded_once(string path, string expected) =>
        Assert.That(await Data(path), Is.EqualTo($$"""{"result":"ok","data":"{{expected}}"}"""));

    [Test]
    public async Task Encoded_positional_arguments_are_decoded() =>
        Assert.That(await Data("api/routing/app/args/x%2Fy/caf%C3%A9"), Is.EqualTo("""{"result":"ok","data":"x/y|café"}"""));

    [Test]
    public async Task A_trailing_slash_matches_the_same_resource() =>
        Assert.That(await Data("api/routing/app/users/7/"), Is.EqualTo("""{"result":"ok","data":"user 7"}"""));

    [Test]
    public async Task The_query_string_is_not_part_of_the_uri() =>
        Assert.That(await Data("api/routing/app/echo/word?echo=other"), Is.EqualTo("""{"result":"ok","data":"word"}"""));

    [TestCase("api/routing/app/nothing")]
    [TestCase("api/routing/app")]
    [TestCase("api/routing/unknown/args/a")]
    [TestCase("api/nobody/app/args/a")]
    public async Task No_resource_is_404(string path)
    {
        var reply = await _host.GetAsync(path);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":null,"code":3,"message":"No resource matches this request."}}"""));
    }
}
