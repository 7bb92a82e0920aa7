using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class VarStoreAdminDeleteTests : AdminWorld
{
    private async Task<long> Create(string scope, long id, string key) =>
        (long)MapOf(await Run(Node("var_store_admin_create", (scope, id), ("key", key), ("val", 1L)), Admin))["vid"]!;

    [Test]
    public async Task A_developer_deletes_an_application_variable()
    {
        var vid = await Create("appid", Shop, "gone");
        Assert.That((await Run(Node("var_store_admin_delete", ("vid", vid)), ShopDeveloper)).Data, Is.EqualTo(true));
        Assert.That(await Database.ReadAsync(db => VarStoreMapper.FindByIdAsync(db, vid)), Is.Null);
        AssertError(await Fails(Node("var_store_admin_delete", ("vid", vid)), ShopDeveloper), 404, ErrorCodes.InvalidInput);
    }

    [Test]
    public async Task Others_are_refused_and_the_variable_stays()
    {
        var app = await Create("appid", Shop, "kept");
        var account = await Create("accid", Acme, "kept_account");
        AssertError(await Fails(Node("var_store_admin_delete", ("vid", app)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("var_store_admin_delete", ("vid", app)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("var_store_admin_delete", ("vid", app)), null), 401, ErrorCodes.Authentication);
        AssertError(await Fails(Node("var_store_admin_delete", ("vid", account)), ShopDeveloper), 403, ErrorCodes.Authentication);
        Assert.That(await Database.ReadAsync(db => VarStoreMapper.FindByIdAsync(db, app)), Is.Not.Null);
        Assert.That(await Database.ReadAsync(db => VarStoreMapper.FindByIdAsync(db, account)), Is.Not.Null);
        Assert.That((await Run(Node("var_store_admin_delete", ("vid", account)), AcmeManager)).Data, Is.EqualTo(true));
    }

    [Test]
    public void Vid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("var_store_admin_delete")).Errors.Select(e => e.Input), Does.Contain("vid"));
}
