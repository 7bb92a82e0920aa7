using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>The wrapped and raw envelopes, success and error, in JSON and XML, exactly.</summary>
public class EnvelopeTests
{
    private const string Xml = """<?xml version="1.0" encoding="utf-8"?>""";
    private const string Missing = "GET variable (q) does not exist or is undefined.";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("envelopes", "wrapped");
        await _host.CreateApplicationAsync("envelopes", "raw", new ApplicationSettings { Wrap = false });
        foreach (var application in new[] { "wrapped", "raw" })
        {
            await _host.PublishAsync("envelopes", application, "get", "person", """
                name: Ada
                tags: [math, engines]
                """);
            await _host.PublishAsync("envelopes", application, "get", "word", "hello");
            await _host.PublishAsync("envelopes", application, "get", "fail", "processor: var_get\nid: q\nkey: q");
            await _host.PublishAsync("envelopes", application, "get", "forced-json", "name: Ada",
                extra: "output:\n  processor: json\n  id: out");
            await _host.PublishAsync("envelopes", application, "get", "forced-xml", "name: Ada",
                extra: "output:\n  processor: xml\n  id: out");
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Get(string application, string uri, string? accept = null) =>
        accept is null
            ? _host.GetAsync($"api/envelopes/{application}/{uri}")
            : _host.GetAsync($"api/envelopes/{application}/{uri}", ("Accept", accept));

    [Test]
    public async Task Wrapped_success_in_json()
    {
        var reply = await Get("wrapped", "person");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.OK, "application/json")));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"name":"Ada","tags":["math","engines"]}}"""));
    }

    [Test]
    public async Task Wrapped_error_in_json()
    {
        var reply = await Get("wrapped", "fail");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.BadRequest, "application/json")));
        Assert.That(reply.Body, Is.EqualTo($$$"""{"result":"error","data":{"id":"q","code":6,"message":"{{{Missing}}}"}}"""));
    }

    [Test]
    public async Task Raw_success_in_json_is_the_value_itself()
    {
        Assert.That((await Get("raw", "person")).Body, Is.EqualTo("""{"name":"Ada","tags":["math","engines"]}"""));
        Assert.That((await Get("raw", "word")).Body, Is.EqualTo("\"hello\""));
    }

    [Test]
    public async Task Raw_error_in_json_has_the_dreamfactory_shape()
    {
        var reply = await Get("raw", "fail");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.BadRequest, "application/json")));
        Assert.That(reply.Body, Is.EqualTo($$$"""{"error":{"code":6,"context":null,"message":"{{{Missing}}}","status_code":400}}"""));
    }

    [Test]
    public async Task Raw_errors_of_the_host_have_the_same_shape()
    {
        var reply = await Get("raw", "nothing");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(reply.Body, Is.EqualTo("""{"error":{"code":3,"context":null,"message":"No resource matches this request.","status_code":404}}"""));
    }

    [Test]
    public async Task Wrapped_success_in_xml()
    {
        var reply = await Get("wrapped", "person", "application/xml");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.OK, "application/xml")));
        Assert.That(reply.Body, Is.EqualTo(Xml + "<apiStudioWrapper><result>ok</result><data><name>Ada</name>"
            + "<tags><item>math</item><item>engines</item></tags></data></apiStudioWrapper>"));
    }

    [Test]
    public async Task Wrapped_error_in_xml()
    {
        var reply = await Get("wrapped", "fail", "application/xml");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.BadRequest, "application/xml")));
        Assert.That(reply.Body, Is.EqualTo(Xml + $"<apiStudioWrapper><result>error</result><data><id>q</id><code>6</code>"
            + $"<message>{Missing}</message></data></apiStudioWrapper>"));
    }

    [Test]
    public async Task Raw_success_in_xml_is_the_value_itself()
    {
        var reply = await Get("raw", "person", "text/xml");
        Assert.That(reply.MediaType, Is.EqualTo("application/xml"));
        Assert.That(reply.Body, Is.EqualTo(Xml + "<apiStudioWrapper><name>Ada</name><tags><item>math</item><item>engines</item></tags></apiStudioWrapper>"));
    }

    [Test]
    public async Task Raw_error_in_xml_has_the_dreamfactory_shape()
    {
        var reply = await Get("raw", "fail", "application/xml");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.BadRequest, "application/xml")));
        Assert.That(reply.Body, Is.EqualTo(Xml + $"<apiStudioWrapper><error><code>6</code><context />"
            + $"<message>{Missing}</message><status_code>400</status_code></error></apiStudioWrapper>"));
    }

    [Test]
    public async Task An_output_processor_result_is_wrapped_when_the_application_wraps()
    {
        Assert.That((await Get("wrapped", "forced-json", "application/xml")).Body, Is.EqualTo("""{"result":"ok","data":{"name":"Ada"}}"""));
        Assert.That((await Get("raw", "forced-json", "application/xml")).Body, Is.EqualTo("""{"name":"Ada"}"""));
        Assert.That((await Get("wrapped", "forced-xml")).Body,
            Is.EqualTo(Xml + "<apiStudioWrapper><result>ok</result><data><name>Ada</name></data></apiStudioWrapper>"));
        Assert.That((await Get("raw", "forced-xml")).Body, Is.EqualTo(Xml + "<apiStudioWrapper><name>Ada</name></apiStudioWrapper>"));
    }

    [Test]
    public async Task Text_and_html_are_never_wrapped()
    {
        Assert.That((await Get("wrapped", "word", "text/plain")).Body, Is.EqualTo("hello"));
        Assert.That((await Get("wrapped", "word", "text/html")).Body, Does.Not.Contain("result"));
    }
}
