using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Compatibility;

/// <summary>
/// ApiOpenStudio's scope inputs of the var_store processors (appid, accid, vid) name only the served application and its
/// account: whatever a caller's roles, naming another application's or account's ids or variables gets nothing of them.
/// </summary>
public class VarStoreScopeInputsTests : HostedFixture
{
    private ResourceScope _other = null!;
    private long _secretVid;

    [OneTimeSetUp]
    public async Task CreateOtherApplication()
    {
        await Host.CreateApplicationAsync("rival", "vault");
        _other = Scope(Host, "rival", "vault");
        var secret = await Host.Database.Database.InTransactionAsync(db => VarStoreMapper.CreateAsync(db, null, _other.Appid, "secret", "\"gold\""));
        await Host.Database.Database.InTransactionAsync(db => VarStoreMapper.CreateAsync(db, _other.Accid, null, "secret", "\"silver\""));
        _secretVid = secret.Vid;
    }

    private static Caller Consumer(ResourceScope scope) => CallerWith("Consumer", scope.Accid, scope.Appid);

    private Task<string> Secret() => Host.Database.Database.ReadAsync(async db =>
        (await VarStoreMapper.FindByIdAsync(db, _secretVid))!.Val);

    [Test]
    public async Task The_served_applications_appid_is_its_own_scope()
    {
        await Run(Host, $"processor: var_store_create\nid: c\nkey: by-appid\nval: 1\nappid: {Demo.Appid}");
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: by-appid")).Data, Is.EqualTo(1L));
    }

    [Test]
    public async Task The_served_accounts_accid_is_the_account_scope()
    {
        await Run(Host, $"processor: var_store_create\nid: c\nkey: by-accid\nval: 2\naccid: {Demo.Accid}");
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: by-accid\nscope: account")).Data, Is.EqualTo(2L));
    }

    [TestCase("Consumer")]
    [TestCase("Administrator")]
    public async Task Another_applications_appid_is_refused_whatever_the_role(string role)
    {
        var caller = role == "Consumer" ? Consumer(Demo) : CallerWith(role, null, null);
        var read = await RunFails(Host, $"processor: var_store_read\nid: r\nkey: secret\nappid: {_other.Appid}", caller);
        var write = await RunFails(Host, $"processor: var_store_update\nid: u\nkey: secret\nval: lead\nappid: {_other.Appid}", caller);
        Assert.That((read.HttpStatus, read.Code, write.HttpStatus), Is.EqualTo((403, 4, 403)));
        Assert.That(read.Message, Does.Not.Contain("gold"));
        Assert.That(await Secret(), Is.EqualTo("\"gold\""));
    }

    [Test]
    public async Task Another_accounts_accid_is_refused()
    {
        var ex = await RunFails(Host, $"processor: var_store_read\nid: r\nkey: secret\naccid: {_other.Accid}", Consumer(Demo));
        Assert.That((ex.HttpStatus, ex.Code), Is.EqualTo((403, 4)));
        Assert.That(ex.Message, Does.Not.Contain("silver"));
    }

    [Test]
    public async Task An_appid_computed_from_the_request_is_refused_too()
    {
        var ex = await RunFails(Host, """
            processor: var_store_read
            id: r
            appid:
              processor: var_get
              id: appid
              key: appid
              expected_type: integer
            """, Consumer(Demo), TestEngine.Get(("appid", _other.Appid.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(ex.HttpStatus, Is.EqualTo(403));
    }

    [Test]
    public async Task Another_applications_vid_is_missing_for_read_update_and_delete()
    {
        var read = await RunFails(Host, $"processor: var_store_read\nid: r\nvid: {_secretVid}", Consumer(Demo));
        var lenient = await Run(Host, $"processor: var_store_read\nid: r\nvid: {_secretVid}\nstrict: false", Consumer(Demo));
        var update = await RunFails(Host, $"processor: var_store_update\nid: u\nvid: {_secretVid}\nval: lead");
        var delete = await RunFails(Host, $"processor: var_store_delete\nid: d\nvid: {_secretVid}");
        Assert.That((read.HttpStatus, update.HttpStatus, delete.HttpStatus), Is.EqualTo((404, 404, 404)));
        Assert.That(lenient.IsUndefined);
        Assert.That(await Secret(), Is.EqualTo("\"gold\""));
    }

    [Test]
    public async Task A_vid_of_the_scope_reads_updates_and_deletes_its_variable()
    {
        await Run(Host, "processor: var_store_create\nid: c\nkey: by-vid\nval: 5");
        var vid = (await Host.Database.Database.ReadAsync(db => VarStoreMapper.FindAsync(db, null, Demo.Appid, "by-vid")))!.Vid;
        Assert.That((await Run(Host, $"processor: var_store_read\nid: r\nvid: {vid}")).Data, Is.EqualTo(5L));
        Assert.That((await Run(Host, $"processor: var_store_update\nid: u\nvid: {vid}\nval: 3\noperation: increment")).Data, Is.EqualTo(8L));
        Assert.That((await Run(Host, $"processor: var_store_delete\nid: d\nvid: {vid}")).Data, Is.EqualTo(true));
    }

    [Test]
    public async Task Order_by_and_direction_order_the_map()
    {
        await Run(Host, "processor: var_store_create\nid: c\nkey: order-b\nval: 1");
        await Run(Host, "processor: var_store_create\nid: c\nkey: order-a\nval: 2");
        var byVal = await Run(Host, "processor: var_store_read\nid: r\nkeyword: order-\norder_by: val\ndirection: desc");
        Assert.That(((Map)byVal.Data!).Keys, Is.EqualTo(new[] { "order-a", "order-b" }));
        var byKeyDown = await Run(Host, "processor: var_store_read\nid: r\nkeyword: order-\ndirection: desc");
        Assert.That(((Map)byKeyDown.Data!).Keys, Is.EqualTo(new[] { "order-b", "order-a" }));
    }

    [Test]
    public async Task Remove_wrapping_quotes_unwraps_a_quoted_text()
    {
        await Run(Host, "processor: var_store_create\nid: c\nkey: quoted\nval: '\"hi\"'");
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: quoted\nremove_wrapping_quotes: true")).Data, Is.EqualTo("hi"));
        Assert.That((await Run(Host, "processor: var_store_read\nid: r\nkey: quoted")).Data, Is.EqualTo("\"hi\""));
    }
}
