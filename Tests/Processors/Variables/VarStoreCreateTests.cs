using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Variables;

/// <summary>var_store_create: persistent variables of the served application or its account, checked by role (both providers).</summary>
public class VarStoreCreateTests : HostedFixture
{
    private static string Create(string key, string val, string extra = "") => $"""
        processor: var_store_create
        id: create
        key: {key}
        val: {val}
        {extra}
        """;

    private static string Read(string key, string extra = "") => $"""
        processor: var_store_read
        id: read
        key: {key}
        {extra}
        """;

    [TestCase("42", DataType.Integer, 42L)]
    [TestCase("'42'", DataType.Text, "42")]
    [TestCase("1.5", DataType.Float, 1.5)]
    [TestCase("true", DataType.Boolean, true)]
    public async Task A_created_variable_keeps_its_type(string literal, DataType type, object expected)
    {
        var key = "typed-" + type.Name();
        var created = await Run(Host, Create(key, literal));
        var read = await Run(Host, Read(key));
        Assert.That((created.Type, created.Data), Is.EqualTo((type, expected)));
        Assert.That((read.Type, read.Data), Is.EqualTo((type, expected)));
    }

    [Test]
    public async Task An_array_is_stored_as_json_and_read_back_as_an_array()
    {
        await Run(Host, Create("array", "{a: 1, b: [x, y]}"));
        var read = await Run(Host, Read("array"));
        Assert.That(read.Type, Is.EqualTo(DataType.Array));
        Assert.That(read.ToString(), Is.EqualTo("""{"a":1,"b":["x","y"]}"""));
        var row = await Host.Database.Database.ReadAsync(db => VarStoreMapper.FindAsync(db, null, Demo.Appid, "array"));
        Assert.That(row!.Val, Is.EqualTo("""{"a":1,"b":["x","y"]}"""));
    }

    [Test]
    public async Task An_absent_value_is_stored_as_null()
    {
        var created = await Run(Host, """
            processor: var_store_create
            id: create
            key: nothing
            """);
        Assert.That(created.IsUndefined);
        Assert.That((await Run(Host, Read("nothing"))).IsUndefined);
    }

    [Test]
    public async Task A_duplicate_key_is_409_with_node_id()
    {
        await Run(Host, Create("twice", "1"));
        var ex = await RunFails(Host, Create("twice", "2"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("create", 6, 409)));
        Assert.That(ex.Message, Is.EqualTo("Variable (twice) already exists in application examples/demo."));
        Assert.That((await Run(Host, Read("twice"))).Data, Is.EqualTo(1L), "the first value is kept");
    }

    [Test]
    public async Task One_key_may_live_in_the_application_and_in_its_account()
    {
        await Run(Host, Create("shared", "app"));
        await Run(Host, Create("shared", "acc", "scope: account"));
        Assert.That((await Run(Host, Read("shared"))).Data, Is.EqualTo("app"));
        Assert.That((await Run(Host, Read("shared", "scope: account"))).Data, Is.EqualTo("acc"));
        var row = await Host.Database.Database.ReadAsync(db => VarStoreMapper.FindAsync(db, Demo.Accid, null, "shared"));
        Assert.That(row!.Val, Is.EqualTo("\"acc\""));
    }

    [Test]
    public async Task Another_application_does_not_see_the_variable()
    {
        await Run(Host, Create("private", "1"));
        var ex = await RunFails(Host, Read("private"), account: "apistudio", application: "core");
        Assert.That((ex.HttpStatus, ex.Message), Is.EqualTo((404, "Variable (private) does not exist in application apistudio/core.")));
    }

    [Test]
    public async Task Key_and_value_travel_as_data_never_as_sql()
    {
        const string Injection = "x'); DROP TABLE var_store; --";
        await Run(Host, Create($"\"{Injection}\"", $"\"{Injection}\""));
        Assert.That((await Run(Host, Read($"\"{Injection}\""))).Data, Is.EqualTo(Injection));
        var count = await Host.Database.Database.ReadAsync(db => db.ScalarAsync<long>("SELECT COUNT(*) FROM var_store"));
        Assert.That(count, Is.GreaterThan(0));
    }

    [Test]
    public async Task An_integer_key_is_used_as_text()
    {
        await Run(Host, Create("7", "seven"));
        Assert.That((await Run(Host, Read("'7'"))).Data, Is.EqualTo("seven"));
    }

    [Test]
    public async Task An_empty_key_is_rejected_with_node_id()
    {
        var ex = await RunFails(Host, Create("''", "1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message), Is.EqualTo(("create", 6, 400, "A var store key cannot be empty.")));
    }

    // A cast to a computed type: only the run-time check can see the type.
    [Test]
    public async Task A_computed_key_of_a_wrong_type_is_rejected_at_run_time()
    {
        var ex = await RunFails(Host, """
            processor: var_store_create
            id: create
            key:
              processor: cast
              id: flag
              data: true
              data_type: {processor: var_str, id: type, value: boolean}
            val: 1
            """);
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("create", 6, 400)));
        Assert.That(ex.Message, Does.Contain("Input 'key' does not accept type boolean"));
    }

    [Test]
    public void A_missing_key_is_refused_at_publish_time() =>
        Assert.That(TestEngine.PublishFails("""
            processor: var_store_create
            id: create
            val: 1
            """).Message, Does.Contain("Input 'key' is required."));

    [Test]
    public void A_scope_outside_its_values_is_refused_at_publish_time() =>
        Assert.That(TestEngine.PublishFails(Create("k", "1", "scope: global")).Message,
            Does.Contain("Input 'scope' does not accept the value 'global'; allowed: application, account."));

    [Test]
    public async Task Validate_access_computed_false_by_a_node_keeps_the_checks_on()
    {
        var ex = await RunFails(Host, Create("computed-off", "1", """
            validate_access:
              processor: var_get
              id: off
              key: off
              expected_type: boolean
            """), CallerWith("Consumer", Demo.Accid, Demo.Appid), TestEngine.Get(("off", "false")));
        Assert.That((ex.ProcessorId, ex.HttpStatus), Is.EqualTo(("create", 403)));
    }

    [Test]
    public async Task Without_a_served_application_it_is_a_configuration_error()
    {
        var ex = await TestEngine.RunFails(Create("k", "1"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("create", 8, 500)));
    }

    [Test]
    public async Task An_anonymous_caller_acts_with_the_application_scope()
    {
        Assert.That((await Run(Host, Create("anonymous", "1"), caller: null)).Data, Is.EqualTo(1L));
    }

    [TestCase("Developer")]
    [TestCase("Application manager")]
    public async Task A_developer_or_application_manager_of_the_application_may_create(string role)
    {
        var caller = CallerWith(role, Demo.Accid, Demo.Appid);
        Assert.That((await Run(Host, Create("by-" + role.Replace(' ', '-'), "1"), caller)).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task A_consumer_may_not_create_and_gets_403_code_4()
    {
        var ex = await RunFails(Host, Create("by-consumer", "1"), CallerWith("Consumer", Demo.Accid, Demo.Appid));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("create", 4, 403)));
        Assert.That(ex.Message, Is.EqualTo(
            "Access denied: changing variables of application examples/demo needs the role Administrator, Account manager, Application manager or Developer."));
    }

    [Test]
    public async Task A_developer_of_another_application_may_not_create()
    {
        var core = Scope(Host, "apistudio", "core");
        var ex = await RunFails(Host, Create("by-stranger", "1"), CallerWith("Developer", core.Accid, core.Appid));
        Assert.That(ex.HttpStatus, Is.EqualTo(403));
    }

    [Test]
    public async Task A_developer_may_not_change_account_variables_but_an_account_manager_may()
    {
        var developer = CallerWith("Developer", Demo.Accid, Demo.Appid);
        var ex = await RunFails(Host, Create("account-wide", "1", "scope: account"), developer);
        Assert.That((ex.HttpStatus, ex.Message), Is.EqualTo((403,
            "Access denied: changing variables of account examples needs the role Administrator or Account manager.")));
        var manager = CallerWith("Account manager", Demo.Accid, null);
        Assert.That((await Run(Host, Create("account-wide", "1", "scope: account"), manager)).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task A_global_administrator_may_create_anywhere()
    {
        var administrator = CallerWith("Administrator", null, null);
        Assert.That((await Run(Host, Create("by-admin", "1", "scope: account"), administrator)).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task Validate_access_false_leaves_access_to_the_resource_security()
    {
        var consumer = CallerWith("Consumer", Demo.Accid, Demo.Appid);
        Assert.That((await Run(Host, Create("consumer-allowed", "1", "validate_access: false"), consumer)).Data, Is.EqualTo(1L));
    }
}
