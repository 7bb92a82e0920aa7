using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Variables;

/// <summary>var_store_read: one variable with its type, or every variable of the scope as a map (both providers).</summary>
public class VarStoreReadTests : HostedFixture
{
    [OneTimeSetUp]
    public async Task Seed()
    {
        foreach (var (key, val) in new[] { ("todo:2", "'walk'"), ("todo:1", "'shop'"), ("note", "{a: 1}") })
        {
            await Run(Host, $"""
                processor: var_store_create
                id: seed
                key: "{key}"
                val: {val}
                """);
        }
        await Run(Host, """
            processor: var_store_create
            id: seed
            key: motto
            val: shared
            scope: account
            """);
    }

    [Test]
    public async Task Reads_a_variable_with_its_type()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            key: note
            """);
        Assert.That((value.Type, value.ToString()), Is.EqualTo((DataType.Array, """{"a":1}""")));
    }

    [Test]
    public async Task Without_a_key_returns_every_variable_of_the_scope_in_key_order()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            """);
        Assert.That(value.ToString(), Is.EqualTo("""{"note":{"a":1},"todo:1":"shop","todo:2":"walk"}"""));
    }

    [Test]
    public async Task Keyword_keeps_the_keys_that_contain_it()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            keyword: "todo:"
            """);
        Assert.That(value.ToString(), Is.EqualTo("""{"todo:1":"shop","todo:2":"walk"}"""));
    }

    [Test]
    public async Task Account_scope_reads_the_account_variables()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            scope: account
            """);
        Assert.That(value.ToString(), Is.EqualTo("""{"motto":"shared"}"""));
    }

    [Test]
    public async Task A_missing_variable_is_404_code_6_with_node_id()
    {
        var ex = await RunFails(Host, """
            processor: var_store_read
            id: read
            key: absent
            """);
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("read", 6, 404, "Variable (absent) does not exist in application examples/demo.")));
    }

    [Test]
    public async Task Not_strict_a_missing_variable_is_undefined()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            key: absent
            strict: false
            """);
        Assert.That(value.IsUndefined);
    }

    [Test]
    public void Strict_must_be_a_boolean() =>
        Assert.That(TestEngine.PublishFails("""
            processor: var_store_read
            id: read
            key: a
            strict: sometimes
            """).Message, Does.Contain("Input 'strict' does not accept type text"));

    [Test]
    public async Task A_consumer_of_the_application_may_read()
    {
        var value = await Run(Host, """
            processor: var_store_read
            id: read
            key: "todo:1"
            """, CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That(value.Data, Is.EqualTo("shop"));
    }

    [Test]
    public async Task A_caller_without_a_role_in_the_application_may_not_read()
    {
        var core = Scope(Host, "apistudio", "core");
        var ex = await RunFails(Host, """
            processor: var_store_read
            id: read
            key: "todo:1"
            """, CallerWith("Consumer", core.Accid, core.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("read", 4, 403)));
        Assert.That(ex.Message, Does.StartWith("Access denied: reading variables of application examples/demo needs the role"));
    }
}
