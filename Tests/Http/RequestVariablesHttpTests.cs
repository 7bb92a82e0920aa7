using System.Net;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>Query variables and headers as processors read them over a real host: names, case and repeated values.</summary>
public class RequestVariablesHttpTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("variables", "app");
        await _host.PublishAsync("variables", "app", "get", "query", "processor: var_get\nid: name\nkey: name");
        await _host.PublishAsync("variables", "app", "get", "either", "processor: var_request\nid: name\nkey: name");
        await _host.PublishAsync("variables", "app", "get", "header", "processor: var_header\nid: custom\nkey: x-custom");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [TestCase("api/variables/app/query?name=Ada", "\"Ada\"")]
    [TestCase("api/variables/app/query?name=Ada&name=Grace", "[\"Ada\",\"Grace\"]")]
    [TestCase("api/variables/app/query?name=Ada%20Lovelace&other=1", "\"Ada Lovelace\"")]
    [TestCase("api/variables/app/either?name=Ada", "\"Ada\"")]
    public async Task A_query_variable_is_its_text_or_the_list_of_its_values(string path, string data)
    {
        var reply = await _host.GetAsync(path);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, $$"""{"result":"ok","data":{{data}}}""")));
    }

    [TestCase("api/variables/app/query?Name=Ada")]
    [TestCase("api/variables/app/query?NAME=Ada")]
    [TestCase("api/variables/app/query")]
    public async Task Query_variable_names_are_case_sensitive(string path)
    {
        var reply = await _host.GetAsync(path);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.Contain("GET variable (name) does not exist or is undefined."));
    }

    [TestCase("X-Custom")]
    [TestCase("x-custom")]
    [TestCase("X-CUSTOM")]
    public async Task Header_names_are_case_insensitive(string name)
    {
        var reply = await _host.GetAsync("api/variables/app/header", (name, "blue"));
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"blue"}""")));
    }

    [Test]
    public async Task A_header_sent_on_several_lines_is_its_values_joined_by_commas()
    {
        // HttpClient folds repeated headers into one line; a raw request sends the two lines a proxy may send.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_host.Address.Host, _host.Address.Port);
        await using var stream = tcp.GetStream();
        var request = "GET /api/variables/app/header HTTP/1.1\r\nHost: localhost\r\nX-Custom: blue\r\nX-Custom: green\r\n"
            + "Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var response = await new StreamReader(stream).ReadToEndAsync();
        Assert.That(response, Does.StartWith("HTTP/1.1 200"));
        Assert.That(response, Does.EndWith("""{"result":"ok","data":"blue,green"}"""));
    }
}
