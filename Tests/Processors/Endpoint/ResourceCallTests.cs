using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Endpoint;

/// <summary>resource_call: another published resource evaluated in-process, with the same caller, bounded depth.</summary>
public class ResourceCallTests : HostedFixture
{
    [OneTimeSetUp]
    public async Task Publish()
    {
        await Save("get", "rc/echo/{word}", """
            processor: concatenate
            id: joined
            items:
              - processor: var_uri
                id: word
                key: word
              - "/"
              - processor: var_get
                id: q
                key: q
                nullable: true
              - "/"
              - processor: var_uri
                id: rest
                index: 0
                nullable: true
            """);
        await Save("post", "rc/name", """
            processor: var_post
            id: name
            key: name
            """);
        await Save("get", "rc/self", """
            processor: resource_call
            id: again
            uri: rc/self
            """);
        await Save("get", "rc/broken", """
            processor: var_get
            id: needed
            key: needed
            """);
        await Save("post", "rc/store", """
            processor: var_store_create
            id: store
            key: rc-stored
            val: 1
            """);
        await Save("get", "rc/outer", """
            processor: resource_call
            id: inner
            uri: rc/broken
            """);
        await Save("get", "rc/where", """
            processor: var_store_read
            id: read
            key: rc-where
            """);
        await Run(Host, "processor: var_store_create\nid: seed\nkey: rc-where\nval: in-demo");
    }

    private Task Save(string method, string uri, string process) =>
        Host.Registry.SaveAsync(Document(process, uri, method), DocumentFormat.Yaml, $"{method}-{uri}.yaml");

    private static string Call(string uri, string extra = "") => $"""
        processor: resource_call
        id: call
        uri: "{uri}"
        {extra}
        """;

    [Test]
    public async Task Returns_the_value_of_the_called_resource_with_uri_arguments_and_query()
    {
        var value = await Run(Host, Call("rc/echo/hello/extra", "query: {q: 42}"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, "hello/42/extra")));
    }

    [Test]
    public async Task A_map_body_gives_post_variables()
    {
        var value = await Run(Host, Call("rc/name", "method: post\nbody: {name: Ada}"));
        Assert.That(value.Data, Is.EqualTo("Ada"));
    }

    [Test]
    public async Task Another_application_is_named_by_account_and_application_and_serves_in_its_own_scope()
    {
        var value = await Run(Host, Call("rc/where", "account: examples\napplication: demo"), account: "apistudio", application: "core");
        Assert.That(value.Data, Is.EqualTo("in-demo"));
    }

    [Test]
    public async Task The_called_resource_runs_with_the_same_caller()
    {
        var ex = await RunFails(Host, Call("rc/store", "method: post"), CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 4, 403)));
        Assert.That(ex.Message, Does.StartWith("Resource call POST examples/demo/rc/store failed: Access denied"));
        var value = await Run(Host, Call("rc/store", "method: post"), CallerWith("Developer", Demo.Accid, Demo.Appid));
        Assert.That(value.Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task An_error_in_the_called_resource_keeps_its_code_and_status_and_names_the_call()
    {
        var ex = await RunFails(Host, Call("rc/outer"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 6, 400)));
        Assert.That(ex.Message, Is.EqualTo(
            "Resource call GET examples/demo/rc/outer failed: GET variable (needed) does not exist or is undefined."));
    }

    [Test]
    public async Task A_resource_that_calls_itself_stops_at_the_depth_limit_with_508()
    {
        var ex = await RunFails(Host, Call("rc/self"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 0, 508)));
        Assert.That(ex.Message, Is.EqualTo(
            "Resource call GET examples/demo/rc/self failed: Resource calls are nested more than 8 deep (does a resource call itself?)."));
    }

    [Test]
    public async Task A_missing_resource_is_404_code_3()
    {
        var ex = await RunFails(Host, Call("rc/nothing-here"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("call", 3, 404, "No resource matches GET examples/demo/rc/nothing-here.")));
    }

    [Test]
    public async Task A_missing_application_is_404_code_3()
    {
        var ex = await RunFails(Host, Call("rc/self", "account: nobody\napplication: nothing"));
        Assert.That((ex.Code, ex.HttpStatus), Is.EqualTo((3, 404)));
    }

    [Test]
    public async Task A_wrong_method_is_405()
    {
        var ex = await RunFails(Host, Call("rc/name"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 3, 405)));
        Assert.That(ex.Message, Does.EndWith("allowed: POST."));
    }

    [Test]
    public async Task A_query_string_in_the_uri_is_refused()
    {
        var ex = await RunFails(Host, Call("rc/echo/x?q=1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("call", 6, 400, "Give query variables in the input 'query', not in the uri.")));
    }

    [Test]
    public async Task An_account_without_an_application_is_refused()
    {
        var ex = await RunFails(Host, Call("rc/self", "account: examples"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("call", 6, 400, "Input 'account' needs the input 'application' too.")));
    }

    [Test]
    public void The_uri_is_required_at_publish_time() =>
        Assert.That(TestEngine.PublishFails("processor: resource_call\nid: call").Message, Does.Contain("Input 'uri' is required."));

    [Test]
    public void Query_must_be_an_array_at_publish_time() =>
        Assert.That(TestEngine.PublishFails(Call("rc/self", "query: q=1")).Message, Does.Contain("Input 'query' does not accept type text"));

    [Test]
    public async Task Without_theHost_services_it_is_a_configuration_error()
    {
        var ex = await TestEngine.RunFails(Call("rc/self"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("call", 8, 500)));
    }
}
