using ApiStudio.Engine.Processing;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Variables;

/// <summary>var_store_delete: removes a variable; a missing one is 404 when strict (both providers).</summary>
public class VarStoreDeleteTests : HostedFixture
{
    private Task Seed(string key) => Run(Host, $"""
        processor: var_store_create
        id: seed
        key: {key}
        val: 1
        """);

    private static string Delete(string key, string extra = "") => $"""
        processor: var_store_delete
        id: delete
        key: {key}
        {extra}
        """;

    [Test]
    public async Task Deletes_the_variable_and_returns_true()
    {
        await Seed("gone");
        Assert.That((await Run(Host, Delete("gone"))).Data, Is.EqualTo(true));
        var ex = await RunFails(Host, "processor: var_store_read\nid: read\nkey: gone");
        Assert.That(ex.HttpStatus, Is.EqualTo(404));
    }

    [Test]
    public async Task A_missing_variable_is_404_code_6_with_node_id()
    {
        var ex = await RunFails(Host, Delete("absent"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("delete", 6, 404, "Variable (absent) does not exist in application examples/demo.")));
    }

    [Test]
    public async Task Not_strict_a_missing_variable_gives_false()
    {
        Assert.That((await Run(Host, Delete("absent", "strict: false"))).Data, Is.EqualTo(false));
    }

    [Test]
    public async Task Deleting_the_account_variable_keeps_the_application_one()
    {
        await Seed("pair");
        await Run(Host, "processor: var_store_create\nid: s\nkey: pair\nval: 2\nscope: account");
        await Run(Host, Delete("pair", "scope: account"));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: pair")).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task Without_key_vid_or_keyword_it_is_refused()
    {
        var ex = await RunFails(Host, """
            processor: var_store_delete
            id: delete
            """);
        Assert.That((ex.ProcessorId, ex.HttpStatus, ex.Message), Is.EqualTo(("delete", 400, "Give the variable's key or its vid (node 'delete').")));
    }

    [Test]
    public async Task A_consumer_may_not_delete()
    {
        await Seed("kept");
        var ex = await RunFails(Host, Delete("kept"), CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("delete", 4, 403)));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: kept")).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task An_application_manager_may_delete()
    {
        await Seed("managed");
        Assert.That((await Run(Host, Delete("managed"), CallerWith("Application manager", Demo.Accid, Demo.Appid))).Data, Is.EqualTo(true));
    }
}
