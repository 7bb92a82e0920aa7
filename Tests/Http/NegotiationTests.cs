using System.Net;
using System.Net.Http.Headers;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>The response format by <c>Accept</c>, 406, and output processors forcing a format.</summary>
public class NegotiationTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("formats", "app");
        await _host.PublishAsync("formats", "app", "get", "word", "hello");
        await _host.PublishAsync("formats", "app", "get", "person", "name: Ada");
        await _host.PublishAsync("formats", "app", "post", "upload", "processor: var_file\nid: file\nfilename: file");
        foreach (var format in new[] { "json", "xml", "html", "text" })
        {
            await _host.PublishAsync("formats", "app", "get", $"forced/{format}", "name: Ada",
                extra: $"output:\n  processor: {format}\n  id: out");
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Get(string uri, string? accept) =>
        accept is null ? _host.GetAsync($"api/formats/app/{uri}") : _host.GetAsync($"api/formats/app/{uri}", ("Accept", accept));

    private Task<Reply> Upload(byte[] content, string fileName, string mediaType, string accept)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return _host.SendAsync(HttpMethod.Post, "api/formats/app/upload", form, ("Accept", accept));
    }

    [TestCase(null)]
    [TestCase("application/json")]
    [TestCase("*/*")]
    [TestCase("application/*")]
    public async Task Json_is_the_default(string? accept)
    {
        var reply = await Get("person", accept);
        Assert.That((reply.MediaType, reply.Body), Is.EqualTo(("application/json", """{"result":"ok","data":{"name":"Ada"}}""")));
    }

    [TestCase("application/xml")]
    [TestCase("text/xml")]
    public async Task Xml_media_types_give_xml(string accept)
    {
        var reply = await Get("person", accept);
        Assert.That(reply.MediaType, Is.EqualTo("application/xml"));
        Assert.That(reply.Body, Does.EndWith("<apiStudioWrapper><result>ok</result><data><name>Ada</name></data></apiStudioWrapper>"));
    }

    [Test]
    public async Task Html_gives_an_html_document()
    {
        var reply = await Get("person", "text/html");
        Assert.That(reply.MediaType, Is.EqualTo("text/html"));
        Assert.That(reply.Body, Does.StartWith("<!DOCTYPE html>").And.Contain("Ada"));
    }

    [Test]
    public async Task Text_gives_the_text_of_the_value()
    {
        Assert.That((await Get("word", "text/plain")) is { MediaType: "text/plain", Body: "hello" });
        Assert.That((await Get("person", "text/plain")).Body, Is.EqualTo("""{"name":"Ada"}"""));
    }

    [Test]
    public async Task Octet_stream_gives_the_bytes_of_the_value()
    {
        var reply = await Get("word", "application/octet-stream");
        Assert.That((reply.MediaType, reply.Body), Is.EqualTo(("application/octet-stream", "hello")));
    }

    [Test]
    public async Task An_image_is_sent_as_itself_with_its_media_type()
    {
        var reply = await Upload(Png, "dot.png", "image/png", "image/*");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That(reply.MediaType, Is.EqualTo("image/png"));
        Assert.That(reply.Bytes, Is.EqualTo(Png));
    }

    [Test]
    public async Task A_file_is_sent_as_itself_with_its_media_type()
    {
        var csv = "a,b\n1,2\n"u8.ToArray();
        var reply = await Upload(csv, "data.csv", "text/csv", "application/octet-stream");
        Assert.That((reply.MediaType, reply.Bytes), Is.EqualTo(("text/csv", csv)));
        Assert.That(reply.Header("X-Content-Type-Options"), Is.EqualTo("nosniff"));
    }

    [Test]
    public async Task The_highest_weight_wins()
    {
        Assert.That((await Get("word", "application/xml;q=0.5, text/plain")).MediaType, Is.EqualTo("text/plain"));
        Assert.That((await Get("word", "text/plain;q=0.2, application/xml;q=0.9")).MediaType, Is.EqualTo("application/xml"));
        Assert.That((await Get("word", "application/pdf, text/html;q=0.1")).MediaType, Is.EqualTo("text/html"));
    }

    [TestCase("application/pdf")]
    [TestCase("application/json;q=0")]
    public async Task Nothing_acceptable_is_406(string accept)
    {
        var reply = await Get("word", accept);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotAcceptable));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":null,"code":6,"message":"None of the media types in Accept can be produced."}}"""));
    }

    [Test]
    public async Task An_unknown_resource_is_404_even_when_nothing_is_acceptable() =>
        Assert.That((await Get("nothing", "application/pdf")).Status, Is.EqualTo(HttpStatusCode.NotFound));

    [TestCase("json", "application/json", """{"result":"ok","data":{"name":"Ada"}}""")]
    [TestCase("xml", "application/xml", """<?xml version="1.0" encoding="utf-8"?><apiStudioWrapper><result>ok</result><data><name>Ada</name></data></apiStudioWrapper>""")]
    [TestCase("text", "text/plain", """{"name":"Ada"}""")]
    public async Task An_output_processor_forces_its_format_whatever_accept_says(string format, string mediaType, string body)
    {
        foreach (var accept in new[] { "application/json", "application/xml", "text/html", "text/plain" })
        {
            var reply = await Get($"forced/{format}", accept);
            Assert.That((reply.MediaType, reply.Body), Is.EqualTo((mediaType, body)), accept);
        }
    }

    [Test]
    public async Task The_html_output_processor_forces_html()
    {
        var reply = await Get("forced/html", "application/json");
        Assert.That(reply.MediaType, Is.EqualTo("text/html"));
        Assert.That(reply.Body, Does.StartWith("<!DOCTYPE html>").And.Contain("Ada"));
    }
}
