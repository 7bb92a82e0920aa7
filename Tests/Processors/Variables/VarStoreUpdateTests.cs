using System.Net;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Variables;

/// <summary>
/// var_store_update: replaces the value of an existing variable, or changes it atomically (increment, append,
/// compare_and_set) in one statement (both providers).
/// </summary>
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

    private static string Operation(string key, string operation, string val, string extra = "") =>
        Update(key, val, $"operation: {operation}\n{extra}");

    private Task<DataContainer> Read(string key, string extra = "") => Run(Host, $"processor: var_store_read\nid: r\nkey: {key}\n{extra}");

    [Test]
    public async Task Set_is_the_default_operation()
    {
        await Seed("plain-set", "1");
        var value = await Run(Host, Operation("plain-set", "set", "'two'"));
        Assert.That((value.Data, (await Read("plain-set")).Data), Is.EqualTo(("two", "two")));
    }

    [Test]
    public async Task Increment_adds_to_an_integer_and_keeps_it_an_integer()
    {
        await Seed("hits", "40");
        var value = await Run(Host, Operation("hits", "increment", "2"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, 42L)));
        Assert.That((await Read("hits")).Data, Is.EqualTo(42L));
    }

    [Test]
    public async Task Increment_by_a_negative_number_subtracts()
    {
        await Seed("stock", "10");
        Assert.That((await Run(Host, Operation("stock", "increment", "-3"))).Data, Is.EqualTo(7L));
    }

    [Test]
    public async Task Increment_by_a_float_gives_a_float()
    {
        await Seed("balance", "2");
        var value = await Run(Host, Operation("balance", "increment", "0.5"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Float, 2.5)));
        Assert.That((await Run(Host, Operation("balance", "increment", "0.25"))).Data, Is.EqualTo(2.75));
    }

    [Test]
    public async Task Increment_of_a_missing_variable_starts_at_zero()
    {
        var value = await Run(Host, Operation("new-counter", "increment", "5"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Integer, 5L)));
        Assert.That((await Read("new-counter")).Data, Is.EqualTo(5L));
    }

    [Test]
    public async Task Increment_of_an_account_variable_leaves_the_application_one_alone()
    {
        await Seed("shared-count", "1");
        await Run(Host, Operation("shared-count", "increment", "1", "scope: account"));
        await Run(Host, Operation("shared-count", "increment", "1", "scope: account"));
        Assert.That(((await Read("shared-count")).Data, (await Read("shared-count", "scope: account")).Data), Is.EqualTo((1L, 2L)));
    }

    [Test]
    public async Task Increment_of_a_variable_that_holds_no_number_is_409_naming_what_it_holds()
    {
        await Seed("word", "'ten'");
        var ex = await RunFails(Host, Operation("word", "increment", "1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("update", 6, 409, "Variable (word) in application examples/demo holds text; increment needs a number.")));
        Assert.That((await Read("word")).Data, Is.EqualTo("ten"));
    }

    [TestCase("'1'", "text")]
    [TestCase("[1]", "array")]
    [TestCase("true", "boolean")]
    public async Task Increment_by_something_else_than_a_number_is_refused_with_node_id(string val, string type)
    {
        var ex = await RunFails(Host, Operation("never-incremented", "increment", val));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("update", 6, 400, $"Operation increment needs a number in 'val', got {type} (node 'update').")));
    }

    [Test]
    public async Task Append_adds_an_item_at_the_end_of_a_list_keeping_the_order_of_its_keys()
    {
        await Seed("queue", "[1]");
        await Run(Host, Operation("queue", "append", "{zeta: 1, alpha: 2}"));
        var value = await Run(Host, Operation("queue", "append", "[x]"));
        Assert.That(value.ToString(), Is.EqualTo("""[1,{"zeta":1,"alpha":2},["x"]]"""));
        Assert.That((await Read("queue")).ToString(), Is.EqualTo("""[1,{"zeta":1,"alpha":2},["x"]]"""));
    }

    [Test]
    public async Task Append_to_an_empty_list_gives_one_item()
    {
        await Seed("empty-list", "[]");
        Assert.That((await Run(Host, Operation("empty-list", "append", "'first'"))).ToString(), Is.EqualTo("""["first"]"""));
    }

    [Test]
    public async Task Append_to_a_missing_variable_starts_a_list()
    {
        var value = await Run(Host, Operation("new-list", "append", "'a'"));
        Assert.That((value.Type, value.ToString()), Is.EqualTo((DataType.Array, """["a"]""")));
    }

    [Test]
    public async Task Append_to_a_text_appends_the_text()
    {
        await Seed("log", "'a,'");
        await Run(Host, Operation("log", "append", "'b \"é\",'"));
        var value = await Run(Host, Operation("log", "append", "3"));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, "a,b \"é\",3")));
    }

    [Test]
    public async Task Append_of_a_list_to_a_text_is_409()
    {
        await Seed("line", "'a'");
        var ex = await RunFails(Host, Operation("line", "append", "[b]"));
        Assert.That((ex.ProcessorId, ex.HttpStatus, ex.Message),
            Is.EqualTo(("update", 409, "Variable (line) in application examples/demo holds text; append needs a list.")));
    }

    [Test]
    public async Task Append_to_a_number_is_409()
    {
        await Seed("number", "5");
        var ex = await RunFails(Host, Operation("number", "append", "'b'"));
        Assert.That((ex.HttpStatus, ex.Message),
            Is.EqualTo((409, "Variable (number) in application examples/demo holds integer; append needs a list or a text.")));
    }

    [Test]
    public async Task Compare_and_set_stores_while_the_value_is_the_expected_one()
    {
        await Seed("state", "'open'");
        var first = await Run(Host, Operation("state", "compare_and_set", "'closed'", "expected: open"));
        var second = await Run(Host, Operation("state", "compare_and_set", "'reopened'", "expected: open"));
        Assert.That((first, second), Is.EqualTo((DataContainer.True, DataContainer.False)));
        Assert.That((await Read("state")).Data, Is.EqualTo("closed"));
    }

    [Test]
    public async Task Compare_and_set_compares_lists_and_maps_as_values()
    {
        await Seed("config", "{a: [1, 2], b: x}");
        Assert.That(await Run(Host, Operation("config", "compare_and_set", "2", "expected: {a: [1, 2], b: x}")), Is.EqualTo(DataContainer.True));
        Assert.That((await Read("config")).Data, Is.EqualTo(2L));
    }

    [Test]
    public async Task Compare_and_set_without_expected_creates_only_a_missing_variable()
    {
        var created = await Run(Host, Operation("lock", "compare_and_set", "'mine'"));
        var again = await Run(Host, Operation("lock", "compare_and_set", "'theirs'"));
        Assert.That((created, again), Is.EqualTo((DataContainer.True, DataContainer.False)));
        Assert.That((await Read("lock")).Data, Is.EqualTo("mine"));
    }

    [Test]
    public async Task Compare_and_set_of_a_missing_variable_with_an_expected_value_stores_nothing()
    {
        Assert.That(await Run(Host, Operation("absent", "compare_and_set", "1", "expected: 0")), Is.EqualTo(DataContainer.False));
        Assert.That((await Read("absent", "strict: false")).IsUndefined);
    }

    [Test]
    public async Task Expected_with_another_operation_is_refused_with_node_id()
    {
        var ex = await RunFails(Host, Operation("anything", "increment", "1", "expected: 0"));
        Assert.That((ex.ProcessorId, ex.HttpStatus, ex.Message),
            Is.EqualTo(("update", 400, "Input 'expected' is only used by the operation compare_and_set, not increment (node 'update').")));
    }

    [Test]
    public void An_unknown_operation_is_refused_at_publish_with_node_id() =>
        Assert.That(TestEngine.PublishFails(Operation("k", "multiply", "2")).Message, Does.EndWith(
            "node 'update', input 'operation': Input 'operation' does not accept the value 'multiply'; allowed: set, increment, append, compare_and_set."));

    [Test]
    public void An_operation_that_is_not_text_is_refused_at_publish_with_node_id() =>
        Assert.That(TestEngine.PublishFails(Operation("k", "1", "2")).Message, Does.EndWith(
            "node 'update', input 'operation': Input 'operation' does not accept type integer; allowed: text."));

    [Test]
    public async Task A_consumer_may_not_increment()
    {
        await Seed("guarded-count", "1");
        var ex = await RunFails(Host, Operation("guarded-count", "increment", "1"), CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("update", 4, 403)));
        Assert.That((await Read("guarded-count")).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task A_developer_may_not_append_to_an_account_variable()
    {
        var ex = await RunFails(Host, Operation("account-log", "append", "1", "scope: account"), CallerWith("Developer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("update", 4, 403)));
    }

    [Test]
    public async Task Twenty_concurrent_increments_over_http_add_exactly_twenty()
    {
        await Host.PublishAsync("examples", "demo", "post", "concurrent/visits", Operation("visits", "increment", "1"));
        await Seed("visits", "100");
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Host.SendAsync(HttpMethod.Post, "api/examples/demo/concurrent/visits")));
        Assert.That(replies.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", replies.Select(r => r.Body)));
        Assert.That(replies.Select(r => r.Data), Is.EquivalentTo(Enumerable.Range(101, 20).Select(n => (object?)(long)n)),
            "each request saw its own sum");
        Assert.That((await Read("visits")).Data, Is.EqualTo(120L));
    }

    [Test]
    public async Task Twenty_concurrent_first_increments_over_http_create_the_variable_once()
    {
        await Host.PublishAsync("examples", "demo", "post", "concurrent/first", Operation("first-visits", "increment", "1"));
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Host.SendAsync(HttpMethod.Post, "api/examples/demo/concurrent/first")));
        Assert.That(replies.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", replies.Select(r => r.Body)));
        Assert.That((await Read("first-visits")).Data, Is.EqualTo(20L));
    }

    [Test]
    public async Task Twenty_concurrent_appends_over_http_keep_every_item()
    {
        await Host.PublishAsync("examples", "demo", "post", "concurrent/log",
            Operation("visitors", "append", "{processor: var_get, id: who, key: who}"));
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Host.SendAsync(HttpMethod.Post, $"api/examples/demo/concurrent/log?who=v{i}")));
        Assert.That(replies.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", replies.Select(r => r.Body)));
        Assert.That((List<object?>)(await Read("visitors")).Data!, Is.EquivalentTo(Enumerable.Range(0, 20).Select(i => (object?)$"v{i}")));
    }

    [Test]
    public async Task Twenty_concurrent_compare_and_sets_over_http_let_exactly_one_win()
    {
        await Host.PublishAsync("examples", "demo", "post", "concurrent/claim",
            Operation("claimed-by", "compare_and_set", "{processor: var_get, id: who, key: who}"));
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Host.SendAsync(HttpMethod.Post, $"api/examples/demo/concurrent/claim?who=v{i}")));
        Assert.That(replies.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", replies.Select(r => r.Body)));
        Assert.That(replies.Count(r => Equals(r.Data, true)), Is.EqualTo(1));
        var winner = Array.FindIndex(replies, r => Equals(r.Data, true));
        Assert.That((await Read("claimed-by")).Data, Is.EqualTo($"v{winner}"));
    }
}
