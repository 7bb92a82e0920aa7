using System.Net;
using System.Text;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Validation;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>Resources published by the host answer over HTTP as the HTTP contract says (real Kestrel, real database).</summary>
public class PublishedResourceTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await TestHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Send(HttpRequestMessage request)
    {
        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Get(string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        return Send(request);
    }

    [Test]
    public async Task A_shipped_example_answers_in_the_wrapped_envelope()
    {
        var (status, body, response) = await Get("api/examples/demo/greeting?name=Ada");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(body, Is.EqualTo("""{"result":"ok","data":"Hello, Ada!"}"""));
    }

    [Test]
    public async Task Segments_after_the_uri_are_positional_arguments()
    {
        var (status, body, _) = await Get("api/examples/demo/weekday/3");
        Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"Wednesday"}""")));
    }

    [Test]
    public async Task Accept_xml_gives_xml()
    {
        var (status, body, response) = await Get("api/examples/demo/weekday/1", "application/xml");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/xml"));
        Assert.That(body, Does.Contain("<result>ok</result><data>Monday</data>"));
    }

    [Test]
    public async Task An_unknown_resource_is_404_in_the_error_envelope()
    {
        var (status, body, _) = await Get("api/examples/demo/nothing-here");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Is.EqualTo("""{"result":"error","data":{"id":null,"code":3,"message":"No resource matches this request."}}"""));
    }

    [Test]
    public async Task A_wrong_method_on_a_known_uri_is_405_with_allow()
    {
        var (status, _, response) = await Send(new HttpRequestMessage(HttpMethod.Delete, "api/examples/demo/greeting"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(new[] { "GET", "OPTIONS" }));
    }

    [Test]
    public async Task A_processor_error_is_its_status_with_node_id_and_code()
    {
        var (status, body, _) = await Get("api/examples/demo/calculator/quadratic?a=one&b=0&c=0&x=1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Is.EqualTo("""{"result":"error","data":{"id":"a","code":6,"message":"Cannot cast text to float."}}"""));
    }

    [Test]
    public async Task A_json_body_feeds_post_variables()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/orders/line-total")
        {
            Content = new StringContent("""{"price": 2, "qty": 10}""", Encoding.UTF8, "application/json"),
        };
        var (status, body, _) = await Send(request);
        Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":18.0}""")));
    }

    [Test]
    public async Task A_form_body_feeds_post_variables()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/orders/line-total")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["price"] = "2.5", ["qty"] = "2" }),
        };
        var (status, body, _) = await Send(request);
        Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":5.0}""")));
    }

    [Test]
    public async Task A_malformed_json_body_is_400_and_the_host_keeps_serving()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/orders/line-total")
        {
            Content = new StringContent("""{"price": 2,""", Encoding.UTF8, "application/json"),
        };
        var (status, body, _) = await Send(request);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.StartWith("""{"result":"error","data":{"id":null,"code":6,"message":"Malformed JSON body: """));
        Assert.That((await Get("api/examples/demo/weekday/2")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_saved_resource_is_served_at_once_and_an_invalid_update_leaves_it_serving()
    {
        const string Document = """
            name: Echo
            description: Echoes the word.
            account: examples
            application: demo
            uri: echo/{word}
            method: get
            ttl: 0
            process:
              processor: var_uri
              id: word
              key: word
            """;
        var row = await _host.Registry.SaveAsync(Document, DocumentFormat.Yaml, "echo.yaml");
        Assert.That((await Get("api/examples/demo/echo/hello")).Body, Is.EqualTo("""{"result":"ok","data":"hello"}"""));

        var broken = Document.Replace("processor: var_uri", "processor: var_nothing", StringComparison.Ordinal);
        var ex = Assert.ThrowsAsync<ResourceValidationException>(() =>
            _host.Registry.SaveAsync(broken, DocumentFormat.Yaml, "echo.yaml", row.Resid));
        Assert.That(ex!.Message, Does.Contain("Unknown processor: var_nothing in node 'word'"));
        Assert.That((await Get("api/examples/demo/echo/still")).Body, Is.EqualTo("""{"result":"ok","data":"still"}"""));
    }

    [Test]
    public async Task A_second_resource_with_a_taken_identity_is_refused_but_the_holder_may_save_a_new_version()
    {
        const string Document = """
            name: Twin
            description: Answers one.
            account: examples
            application: demo
            uri: twin
            method: get
            ttl: 0
            process: one
            """;
        var row = await _host.Registry.SaveAsync(Document, DocumentFormat.Yaml, "twin.yaml");
        var ex = Assert.ThrowsAsync<ResourceValidationException>(() =>
            _host.Registry.SaveAsync(Document.Replace("process: one", "process: two", StringComparison.Ordinal), DocumentFormat.Yaml, "twin-copy.yaml"));
        Assert.That(ex!.Message, Does.Contain("Another resource already has the identity (examples, demo, get, twin)."));
        Assert.That((await Get("api/examples/demo/twin")).Body, Is.EqualTo("""{"result":"ok","data":"one"}"""));

        var updated = await _host.Registry.SaveAsync(Document.Replace("process: one", "process: two", StringComparison.Ordinal),
            DocumentFormat.Yaml, "twin.yaml", row.Resid);
        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That((await Get("api/examples/demo/twin")).Body, Is.EqualTo("""{"result":"ok","data":"two"}"""));
    }

    [Test]
    public async Task A_post_with_method_override_is_treated_as_that_method()
    {
        const string Document = """
            name: Remove
            description: Answers DELETE.
            account: examples
            application: demo
            uri: things
            method: delete
            ttl: 0
            process: removed
            """;
        await _host.Registry.SaveAsync(Document, DocumentFormat.Yaml, "remove.yaml");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/things");
        request.Headers.Add("X-HTTP-Method", "DELETE");
        Assert.That((await Send(request)).Body, Is.EqualTo("""{"result":"ok","data":"removed"}"""));
    }
}
