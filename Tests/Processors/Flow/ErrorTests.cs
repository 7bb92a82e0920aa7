using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.Rejections;

namespace ApiStudio.Tests.Processors.Flow;

/// <summary>error: ends the request with the status, code and message the tree chose, in every envelope.</summary>
public class ErrorTests
{
    private const string Xml = """<?xml version="1.0" encoding="utf-8"?>""";

    // A country lookup: known codes answer their name, anything else is "404: Unknown country."
    private const string Countries = """
        processor: switch
        id: country
        value: {processor: var_get, id: code, key: code}
        cases:
          nz: New Zealand
          fr: France
        default:
          processor: error
          id: unknown_country
          message: Unknown country.
          status: 404
          code: 6
        """;

    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("flow", "wrapped");
        await _host.CreateApplicationAsync("flow", "raw", new ApplicationSettings { Wrap = false });
        foreach (var application in new[] { "wrapped", "raw" })
        {
            await _host.PublishAsync("flow", application, "get", "country", Countries);
            await _host.PublishAsync("flow", application, "get", "maintenance",
                "processor: error\nid: down\nmessage: Back at noon.\nstatus: 503\ncode: 5");
        }
        await _host.PublishAsync("flow", "wrapped", "get", "defaults", "processor: error\nid: plain\nmessage: No.");
        await _host.PublishAsync("flow", "wrapped", "get", "computed", """
            processor: error
            id: computed
            message:
              processor: concatenate
              id: text
              items: ["Unknown colour: ", {processor: var_get, id: colour, key: colour}]
            status: 422
            """);
        await _host.PublishAsync("flow", "wrapped", "post", "stops", """
            processor: sequential
            id: steps
            sequence:
              - {processor: error, id: stop, message: Stopped.}
              - {processor: var_store_create, id: never, key: after-error, val: 1}
            """);
        await _host.PublishAsync("flow", "wrapped", "get", "after-error", """
            processor: var_store_read
            id: read
            key: after-error
            strict: false
            """);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_known_value_answers_normally()
    {
        var reply = await _host.GetAsync("api/flow/wrapped/country?code=nz");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"New Zealand"}""")));
    }

    [Test]
    public async Task The_wrapped_envelope_carries_the_node_id_code_and_message_under_the_status()
    {
        var reply = await _host.GetAsync("api/flow/wrapped/country?code=xx");
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "application/json")));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":"unknown_country","code":6,"message":"Unknown country."}}"""));
    }

    [Test]
    public async Task The_raw_envelope_has_the_dreamfactory_shape()
    {
        var reply = await _host.GetAsync("api/flow/raw/country?code=xx");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(reply.Body, Is.EqualTo("""{"error":{"code":6,"context":null,"message":"Unknown country.","status_code":404}}"""));
    }

    [TestCase("wrapped", "<apiStudioWrapper><result>error</result><data><id>unknown_country</id><code>6</code><message>Unknown country.</message></data></apiStudioWrapper>")]
    [TestCase("raw", "<apiStudioWrapper><error><code>6</code><context /><message>Unknown country.</message><status_code>404</status_code></error></apiStudioWrapper>")]
    public async Task The_xml_envelopes_carry_the_same(string application, string body)
    {
        var reply = await _host.GetAsync($"api/flow/{application}/country?code=xx", ("Accept", "application/xml"));
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "application/xml")));
        Assert.That(reply.Body, Is.EqualTo(Xml + body));
    }

    [Test]
    public async Task A_client_asking_for_html_gets_the_error_as_json()
    {
        var reply = await _host.GetAsync("api/flow/wrapped/country?code=xx", ("Accept", "text/html"));
        Assert.That((reply.Status, reply.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "application/json")));
        Assert.That(reply.Body, Does.Contain("\"message\":\"Unknown country.\""));
    }

    [Test]
    public async Task Defaults_are_status_400_and_code_0()
    {
        var reply = await _host.GetAsync("api/flow/wrapped/defaults");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.BadRequest,
            """{"result":"error","data":{"id":"plain","code":0,"message":"No."}}""")));
    }

    [TestCase("wrapped", """{"result":"error","data":{"id":"down","code":5,"message":"Back at noon."}}""")]
    [TestCase("raw", """{"error":{"code":5,"context":null,"message":"Back at noon.","status_code":503}}""")]
    public async Task A_5xx_status_keeps_its_message(string application, string body)
    {
        var reply = await _host.GetAsync($"api/flow/{application}/maintenance");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.ServiceUnavailable, body)));
        Assert.That(reply.Header("X-Correlation-Id"), Is.Null, "a designed error is not an unexpected failure");
    }

    [Test]
    public async Task The_message_may_be_computed()
    {
        var reply = await _host.GetAsync("api/flow/wrapped/computed?colour=mauve");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.UnprocessableEntity,
            """{"result":"error","data":{"id":"computed","code":0,"message":"Unknown colour: mauve"}}""")));
    }

    [Test]
    public async Task Nothing_after_the_error_runs()
    {
        var reply = await _host.SendAsync(HttpMethod.Post, "api/flow/wrapped/stops");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var after = await _host.GetAsync("api/flow/wrapped/after-error");
        Assert.That(after.Body, Is.EqualTo("""{"result":"ok","data":null}"""), "the variable was never created");
    }

    [Test]
    public async Task The_message_is_required_at_publish_with_node_id() =>
        IsMissingAtPublish(await Rejected("processor: error\nid: e\nstatus: 404"), "e", "message");

    [Test]
    public async Task The_message_is_still_required_at_run_time_without_validation() =>
        IsMissingAtRunTime(await TestEngine.RunUnvalidatedFails("processor: error\nid: e\nstatus: 404"), "e", "message");

    [TestCase("message: [a]", "message", "array", "text, integer, float, boolean")]
    [TestCase("message: m\ncode: '6'", "code", "text", "integer")]
    [TestCase("message: m\ncode: 1.5", "code", "float", "integer")]
    [TestCase("message: m\nstatus: '404'", "status", "text", "integer")]
    public async Task Inputs_of_the_wrong_type_are_refused_at_publish_with_node_id(string inputs, string input, string type, string allowed)
    {
        var refused = await Rejected("processor: error\nid: e\n" + inputs);
        Assert.That((refused.AtPublish, refused.NodeId, refused.Input), Is.EqualTo((true, "e", input)));
        Assert.That(refused.Message, Does.EndWith($"Input '{input}' does not accept type {type}; allowed: {allowed}."));
    }

    [TestCase(399)]
    [TestCase(200)]
    [TestCase(600)]
    public async Task A_status_outside_400_to_599_is_refused_with_node_id(int status)
    {
        var error = await TestEngine.RunFails($"processor: error\nid: e\nmessage: m\nstatus: {status}");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus), Is.EqualTo(("e", ErrorCodes.InvalidInput, 400)));
        Assert.That(error.Message, Is.EqualTo($"Input 'status' must be between 400 and 599, got {status} (node 'e')."));
    }

    [Test]
    public async Task A_negative_code_is_refused_with_node_id()
    {
        var error = await TestEngine.RunFails("processor: error\nid: e\nmessage: m\ncode: -1");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("e", 400, "Input 'code' must be 0 or more, got -1 (node 'e').")));
    }

    [Test]
    public async Task An_empty_message_is_refused_with_node_id()
    {
        var error = await TestEngine.RunFails("processor: error\nid: e\nmessage: ''");
        Assert.That((error.ProcessorId, error.HttpStatus, error.Message), Is.EqualTo(("e", 400, "Input 'message' must not be empty (node 'e').")));
    }

    [Test]
    public async Task A_number_message_is_written_as_text()
    {
        var error = await TestEngine.RunFails("processor: error\nid: e\nmessage: 42\ncode: 7\nstatus: 409");
        Assert.That((error.ProcessorId, error.Code, error.HttpStatus, error.Message), Is.EqualTo(("e", 7, 409, "42")));
    }
}
