using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.Rejections;

namespace ApiStudio.Tests.Processors.Flow;

/// <summary>response: the status, headers and Content-Type of a successful answer, in every envelope and format.</summary>
public class ResponseTests
{
    private const string Xml = """<?xml version="1.0" encoding="utf-8"?>""";

    private const string Created = """
        processor: response
        id: created
        status: 201
        headers:
          Location: /api/flow/orders/42
          X-Order-Version: 3
        data: {order: 42}
        """;

    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("answers", "wrapped");
        await _host.CreateApplicationAsync("answers", "raw", new ApplicationSettings { Wrap = false });
        foreach (var application in new[] { "wrapped", "raw" })
        {
            await _host.PublishAsync("answers", application, "post", "orders", Created);
            await _host.PublishAsync("answers", application, "get", "as-text", Created, extra: "output:\n  processor: text\n  id: out");
        }
        await _host.PublishAsync("answers", "wrapped", "delete", "orders/42", "processor: response\nid: gone\nstatus: 204\ndata: ignored");
        await _host.PublishAsync("answers", "wrapped", "get", "moved", """
            processor: response
            id: moved
            status: 301
            headers: {Location: "https://example.com/new"}
            """);
        await _host.PublishAsync("answers", "raw", "get", "problem", """
            processor: response
            id: problem
            status: 422
            content_type: application/problem+json
            data: {type: "about:blank", title: Invalid colour}
            """);
        await _host.PublishAsync("answers", "wrapped", "get", "cookies", """
            processor: response
            id: cookies
            headers:
              Set-Cookie: [a=1, b=2]
              X-Flag: true
            data: ok
            """);
        await _host.PublishAsync("answers", "wrapped", "get", "nested", """
            processor: concatenate
            id: joined
            items:
              - {processor: response, id: inner, status: 202, data: "accepted "}
              - {processor: response, id: later, headers: {X-Step: two}, data: twice}
            """);
        await _host.PublishAsync("answers", "wrapped", "get", "then-fails", """
            processor: concatenate
            id: joined
            items:
              - {processor: response, id: first, status: 201, headers: {X-Kept: no}, data: a}
              - {processor: var_get, id: needed, key: needed}
            """);
        await _host.PublishAsync("answers", "wrapped", "get", "cached", """
            processor: response
            id: cached
            status: 203
            headers: {X-Source: mirror}
            data: {processor: var_get, id: q, key: q}
            """, ttl: 60);
        await _host.PublishAsync("answers", "wrapped", "get", "header", """
            processor: response
            id: h
            headers:
              processor: var_object
              id: built
              attributes:
                - {processor: var_field, id: f, key: {processor: var_get, id: name, key: name}, value: {processor: var_get, id: value, key: value}}
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task Status_and_headers_are_set_on_the_wrapped_answer()
    {
        var reply = await _host.SendAsync(HttpMethod.Post, "api/answers/wrapped/orders");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.Created, "application/json")));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":{"order":42}}"""));
        Assert.That((reply.Header("Location"), reply.Header("X-Order-Version")), Is.EqualTo(("/api/flow/orders/42", "3")));
    }

    [Test]
    public async Task Status_and_headers_are_set_on_the_raw_answer()
    {
        var reply = await _host.SendAsync(HttpMethod.Post, "api/answers/raw/orders");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.Created, """{"order":42}""")));
        Assert.That(reply.Header("Location"), Is.EqualTo("/api/flow/orders/42"));
    }

    [TestCase("wrapped", "<apiStudioWrapper><result>ok</result><data><order>42</order></data></apiStudioWrapper>")]
    [TestCase("raw", "<apiStudioWrapper><order>42</order></apiStudioWrapper>")]
    public async Task Status_and_headers_are_set_on_an_xml_answer(string application, string body)
    {
        var reply = await _host.SendAsync(HttpMethod.Post, $"api/answers/{application}/orders", null, ("Accept", "application/xml"));
        Assert.That((reply.Status, reply.MediaType, reply.Body), Is.EqualTo((HttpStatusCode.Created, "application/xml", Xml + body)));
        Assert.That(reply.Header("Location"), Is.EqualTo("/api/flow/orders/42"));
    }

    [TestCase("wrapped")]
    [TestCase("raw")]
    public async Task Status_and_headers_are_set_on_a_format_forced_by_an_output_processor(string application)
    {
        var reply = await _host.GetAsync($"api/answers/{application}/as-text");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.Created, "text/plain")));
        Assert.That(reply.Header("Location"), Is.EqualTo("/api/flow/orders/42"));
    }

    [Test]
    public async Task Status_204_sends_no_body()
    {
        var reply = await _host.SendAsync(HttpMethod.Delete, "api/answers/wrapped/orders/42");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.NoContent, "")));
        Assert.That(reply.MediaType, Is.Null);
    }

    [Test]
    public async Task A_redirect_sends_its_location()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address };
        var response = await client.GetAsync("api/answers/wrapped/moved");
        Assert.That((response.StatusCode, response.Headers.Location?.ToString()),
            Is.EqualTo((HttpStatusCode.MovedPermanently, "https://example.com/new")));
    }

    [Test]
    public async Task Content_type_replaces_the_media_type_of_the_format()
    {
        var reply = await _host.GetAsync("api/answers/raw/problem");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.UnprocessableEntity, "application/problem+json")));
        Assert.That(reply.Body, Is.EqualTo("""{"type":"about:blank","title":"Invalid colour"}"""));
    }

    [Test]
    public async Task A_list_sends_the_header_once_per_item_and_a_boolean_as_text()
    {
        var reply = await _host.GetAsync("api/answers/wrapped/cookies");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), "no status given: 200");
        Assert.That(reply.Response.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1", "b=2" }));
        Assert.That(reply.Header("X-Flag"), Is.EqualTo("true"));
    }

    [Test]
    public async Task Nodes_anywhere_in_the_tree_set_the_answer_and_return_their_data()
    {
        var reply = await _host.GetAsync("api/answers/wrapped/nested");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.Accepted, """{"result":"ok","data":"accepted twice"}""")),
            "a later node without a status keeps the status set before");
        Assert.That(reply.Header("X-Step"), Is.EqualTo("two"));
    }

    [Test]
    public async Task An_error_afterwards_answers_with_its_own_status_and_without_the_headers()
    {
        var reply = await _host.GetAsync("api/answers/wrapped/then-fails");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reply.Header("X-Kept"), Is.Null);
    }

    [Test]
    public async Task A_cached_answer_keeps_its_status_and_headers()
    {
        var first = await _host.GetAsync("api/answers/wrapped/cached?q=one");
        var second = await _host.GetAsync("api/answers/wrapped/cached?q=one");
        Assert.That((first.Header("X-ApiStudio-Cache"), second.Header("X-ApiStudio-Cache")), Is.EqualTo(("miss", "hit")));
        foreach (var reply in new[] { first, second })
        {
            Assert.That((reply.Status, reply.Body, reply.Header("X-Source")),
                Is.EqualTo(((HttpStatusCode)203, """{"result":"ok","data":"one"}""", "mirror")));
        }
    }

    [Test]
    public async Task Computed_headers_are_sent()
    {
        var reply = await _host.GetAsync("api/answers/wrapped/header?name=X-Colour&value=teal");
        Assert.That((reply.Status, reply.Header("X-Colour")), Is.EqualTo((HttpStatusCode.OK, "teal")));
    }

    [TestCase("Content-Type")]
    [TestCase("content-length")]
    [TestCase("Access-Control-Allow-Origin")]
    [TestCase("X-ApiStudio-Cache")]
    [TestCase("Transfer-Encoding")]
    public async Task Headers_the_engine_owns_are_refused_with_node_id(string name)
    {
        var reply = await _host.GetAsync($"api/answers/wrapped/header?name={name}&value=x");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reply.Body, Is.EqualTo(
            $$$"""{"result":"error","data":{"id":"h","code":6,"message":"The header '{{{name}}}' cannot be set by a resource (node 'h')."}}"""));
    }

    [TestCase("X%20Space", "x", "'X Space' is not a header name (node 'h').")]
    [TestCase("X-Line", "a%0D%0ASet-Cookie:%20evil=1", "Header 'X-Line' holds a character a header cannot carry (visible ASCII, spaces and tabs only) (node 'h').")]
    [TestCase("X-Accent", "caf%C3%A9", "Header 'X-Accent' holds a character a header cannot carry (visible ASCII, spaces and tabs only) (node 'h').")]
    public async Task Malformed_headers_are_refused_with_node_id(string name, string value, string message)
    {
        var reply = await _host.GetAsync($"api/answers/wrapped/header?name={name}&value={value}");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reply.Json["data"], Is.EqualTo(new Map { ["id"] = "h", ["code"] = 6L, ["message"] = message }));
        Assert.That(reply.Header("Set-Cookie"), Is.Null);
    }

    [TestCase(199)]
    [TestCase(600)]
    public async Task A_status_outside_200_to_599_is_refused_with_node_id(int status)
    {
        var error = await TestEngine.RunFails($"processor: response\nid: r\nstatus: {status}");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("r", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Is.EqualTo($"Input 'status' must be between 200 and 599, got {status} (node 'r')."));
    }

    [TestCase("text/")]
    [TestCase("not a type")]
    public async Task A_content_type_that_is_no_media_type_is_refused_with_node_id(string type)
    {
        var error = await TestEngine.RunFails($"processor: response\nid: r\ncontent_type: '{type}'");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message),
            Is.EqualTo(("r", 400, $"Input 'content_type' is not a media type: '{type}' (node 'r').")));
    }

    [Test]
    public async Task A_list_of_headers_is_refused_with_node_id()
    {
        var error = await TestEngine.RunFails("processor: response\nid: r\nheaders: [Location]");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message),
            Is.EqualTo(("r", 400, "Input 'headers' must be a map of header names to values (node 'r').")));
    }

    [Test]
    public async Task A_map_header_value_is_refused_with_node_id()
    {
        var error = await TestEngine.RunFails("processor: response\nid: r\nheaders: {X-A: {b: c}}");
        Assert.That(error.Message, Is.EqualTo("Header 'X-A' takes text, numbers or booleans, not array (node 'r')."));
    }

    [TestCase("status: '201'", "status", "text", "integer")]
    [TestCase("status: 2.5", "status", "float", "integer")]
    [TestCase("headers: Location", "headers", "text", "array")]
    [TestCase("content_type: 3", "content_type", "integer", "text")]
    public async Task Inputs_of_the_wrong_type_are_refused_at_publish_with_node_id(string line, string input, string type, string allowed)
    {
        var refused = await Rejected("processor: response\nid: r\n" + line);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "r", input)));
        Assert.That(refused.Message, Does.EndWith($"Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [Test]
    public async Task Without_inputs_it_returns_undefined_and_sets_nothing()
    {
        var value = await TestEngine.Run("processor: response\nid: r");
        Assert.That(value.IsUndefined);
    }
}
