using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class VarStoreAdminCreateTests : AdminWorld
{
    [Test]
    public async Task A_developer_creates_a_variable_of_its_application_with_its_typed_value()
    {
        var created = MapOf(await Run(Node("var_store_admin_create", ("appid", Shop), ("key", "colour"),
            ("val", new Map { ["name"] = "teal", ["rgb"] = new List<object?> { 0L, 128L, 128L } })), ShopDeveloper));
        Assert.That(created.Keys, Is.EqualTo(new[] { "vid", "accid", "appid", "key", "val", "updated_at" }));
        Assert.That((created["accid"], created["appid"], created["key"]), Is.EqualTo(((object?)null, Shop, "colour")));
        Assert.That(created["val"], Is.EqualTo(new Map { ["name"] = "teal", ["rgb"] = new List<object?> { 0L, 128L, 128L } }));
        var stored = await Database.ReadAsync(db => VarStoreMapper.FindAsync(db, null, Shop, "colour"));
        Assert.That((stored!.Vid, stored.Val), Is.EqualTo((created["vid"], """{"name":"teal","rgb":[0,128,128]}""")));
    }

    [Test]
    public async Task Account_variables_need_the_account_manager()
    {
        var created = MapOf(await Run(Node("var_store_admin_create", ("accid", Acme), ("key", "region"), ("val", "eu")), AcmeManager));
        Assert.That((created["accid"], created["appid"], created["val"]), Is.EqualTo((Acme, (object?)null, "eu")));
        AssertError(await Fails(Node("var_store_admin_create", ("accid", Acme), ("key", "region2"), ("val", 1L)), ShopManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("var_store_admin_create", ("accid", Acme), ("key", "region2"), ("val", 1L)), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("var_store_admin_create", ("accid", Acme), ("key", "region2"), ("val", 1L)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task A_consumer_is_403_a_stranger_404_and_anonymous_401()
    {
        var consumer = await Fails(Node("var_store_admin_create", ("appid", Shop), ("key", "nope"), ("val", 1L)), ShopConsumer);
        AssertError(consumer, 403, ErrorCodes.Authentication);
        Assert.That(consumer.Message, Is.EqualTo("Permission denied: your roles do not allow you to change variables of application acme/shop."));
        AssertError(await Fails(Node("var_store_admin_create", ("appid", Shop), ("key", "nope"), ("val", 1L)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_create", ("appid", Blog), ("key", "nope"), ("val", 1L)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_create", ("appid", Shop), ("key", "nope"), ("val", 1L)), null), 401, ErrorCodes.Authentication);
        Assert.That(await Database.ReadAsync(db => VarStoreMapper.FindAsync(db, null, Shop, "nope")), Is.Null);
    }

    [Test]
    public async Task Every_problem_is_listed_at_once()
    {
        var none = await Fails("""
            {"processor": "var_store_admin_create", "id": "admin", "key": {"processor": "var_post", "id": "key", "key": "key", "nullable": true}}
            """, Admin);
        AssertError(none, 400, ErrorCodes.InvalidInput);
        Assert.That(none.Details, Is.EqualTo(new[]
        {
            "'appid' or 'accid' is required: the application or the account the variable belongs to.",
            "'key' is required.",
        }));
        var both = await Fails(Node("var_store_admin_create", ("appid", -1L), ("accid", Acme), ("key", new string('k', 256))), Admin);
        Assert.That(both.Details, Is.EqualTo(new[]
        {
            "'appid' must be a positive id.",
            "Give 'appid' or 'accid', not both: a variable belongs to an application or to an account.",
            "'key' must be at most 255 characters long.",
        }));
    }

    [Test]
    public async Task A_taken_key_is_409_and_the_same_key_in_another_scope_is_free()
    {
        await Run(Node("var_store_admin_create", ("appid", Shop), ("key", "twice"), ("val", 1L)), Admin);
        var taken = await Fails(Node("var_store_admin_create", ("appid", Shop), ("key", "twice"), ("val", 2L)), Admin);
        AssertError(taken, 409, ErrorCodes.InvalidInput);
        Assert.That(taken.Message, Is.EqualTo("Variable (twice) already exists in application acme/shop."));
        Assert.That(MapOf(await Run(Node("var_store_admin_create", ("appid", Blog), ("key", "twice"), ("val", 3L)), Admin))["val"], Is.EqualTo(3L));
        Assert.That(MapOf(await Run(Node("var_store_admin_create", ("accid", Acme), ("key", "twice"), ("val", 4L)), Admin))["val"], Is.EqualTo(4L));
    }

    [Test]
    public async Task Without_a_value_the_variable_holds_null_and_an_integer_key_is_text()
    {
        var created = MapOf(await Run(Node("var_store_admin_create", ("appid", Shop), ("key", 42L)), ShopManager));
        Assert.That((created["key"], created["val"]), Is.EqualTo(("42", (object?)null)));
    }

    [Test]
    public async Task A_file_is_refused_with_the_node_id()
    {
        var request = new ApiRequest
        {
            Method = "post",
            Files = new Dictionary<string, BinaryValue>(StringComparer.Ordinal) { ["upload"] = new("x"u8.ToArray(), "x.txt", "text/plain") },
        };
        var error = await Fails("""
            {"processor": "var_store_admin_create", "id": "admin", "appid": 2, "key": "file",
             "val": {"processor": "var_file", "id": "upload", "filename": "upload"}}
            """.Replace("\"appid\": 2", $"\"appid\": {Shop}", StringComparison.Ordinal), Admin, request);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo("A file cannot be stored in the var store."));
    }

    [Test]
    public void Key_is_required_and_ids_are_integers_at_publish()
    {
        Assert.That(PublishFails(Node("var_store_admin_create", ("appid", Shop))).Errors.Select(e => e.Input), Does.Contain("key"));
        Assert.That(PublishFails(Node("var_store_admin_create", ("appid", "shop"), ("key", "k"))).Errors.Select(e => e.Input), Does.Contain("appid"));
    }
}
