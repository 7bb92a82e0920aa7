using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Variables;

/// <summary>var_store_update: replaces the value of an existing variable (both providers).</summary>
public class VarStoreUpdateTests : HostedFixture
{
    private Task Seed(string key, string val, string extra = "") => Run(Host, $"""
        processor: var_store_create
        id: seed
        key: {key}
        val: {val}
        {extra}
        """);

    private static string Update(string key, string val, string extra = "") => $"""
        processor: var_store_update
        id: update
        key: {key}
        val: {val}
        {extra}
        """;

    [Test]
    public async Task Replaces_the_value_and_returns_it_with_its_new_type()
    {
        await Seed("counter", "1");
        var updated = await Run(Host, Update("counter", "[1, 2]"));
        var read = await Run(Host, """
            processor: var_store_read
            id: read
            key: counter
            """);
        Assert.That((updated.Type, updated.ToString()), Is.EqualTo((DataType.Array, "[1,2]")));
        Assert.That(read.ToString(), Is.EqualTo("[1,2]"));
    }

    [Test]
    public async Task Updates_an_account_variable_without_touching_the_application_one()
    {
        await Seed("both", "'app'");
        await Seed("both", "'acc'", "scope: account");
        await Run(Host, Update("both", "'acc2'", "scope: account"));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: both")).Data, Is.EqualTo("app"));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: both\nscope: account")).Data, Is.EqualTo("acc2"));
    }

    [Test]
    public async Task A_missing_variable_is_404_code_6_with_node_id()
    {
        var ex = await RunFails(Host, Update("never-created", "1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("update", 6, 404, "Variable (never-created) does not exist in application examples/demo.")));
    }

    [Test]
    public void The_value_is_required_at_publish_time() =>
        Assert.That(TestEngine.PublishFails("""
            processor: var_store_update
            id: update
            key: k
            """).Message, Does.Contain("Input 'val' is required."));

    [Test]
    public async Task A_consumer_may_not_update()
    {
        await Seed("guarded", "1");
        var ex = await RunFails(Host, Update("guarded", "2"), CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("update", 4, 403)));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: guarded")).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task A_developer_of_the_application_may_update()
    {
        await Seed("dev-owned", "1");
        var value = await Run(Host, Update("dev-owned", "2"), CallerWith("Developer", Demo.Accid, Demo.Appid));
        Assert.That(value.Data, Is.EqualTo(2L));
    }
}
