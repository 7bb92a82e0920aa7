using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class ApiKeyDeleteTests : AdminWorld
{
    private async Task<(long Kid, string Key)> Create(long appid)
    {
        var created = MapOf(await Run(Node("api_key_create", ("appid", appid), ("name", "revocable"), ("role", "Consumer")), Admin));
        return ((long)created["kid"]!, (string)created["key"]!);
    }

    [Test]
    public async Task A_revoked_key_stops_opening_its_application_and_is_listed_as_revoked()
    {
        var (kid, key) = await Create(Shop);
        var keys = Services.GetRequiredService<ApiKeyService>();
        var shop = new ResourceScope(Acme, Shop, "acme", "shop");
        Assert.That(await keys.VerifyAsync(key, shop), Is.Not.Null);
        Assert.That((await Run(Node("api_key_delete", ("kid", kid)), ShopManager)).Data, Is.EqualTo(true));
        Assert.That(await keys.VerifyAsync(key, shop), Is.Null);
        var listed = ListOf(await Run(Node("api_key_read", ("appid", Shop)), Admin)).Cast<Map>().Single(k => (long)k["kid"]! == kid);
        Assert.That(listed["revoked_at"], Is.Not.Null);
        var again = await Fails(Node("api_key_delete", ("kid", kid)), ShopManager);
        AssertError(again, 409, ErrorCodes.InvalidInput);
        Assert.That(again.Message, Is.EqualTo($"API key {kid} is already revoked."));
    }

    [Test]
    public async Task Others_are_refused_and_the_key_keeps_working()
    {
        var (kid, key) = await Create(Shop);
        AssertError(await Fails(Node("api_key_delete", ("kid", kid)), ShopDeveloper), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_delete", ("kid", kid)), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_delete", ("kid", kid)), GlobexDeveloper), 404, ErrorCodes.InvalidInput);
        AssertError(await Fails(Node("api_key_delete", ("kid", kid)), null), 401, ErrorCodes.Authentication);
        AssertError(await Fails(Node("api_key_delete", ("kid", 987654L)), Admin), 404, ErrorCodes.InvalidInput);
        Assert.That(await Services.GetRequiredService<ApiKeyService>().VerifyAsync(key, new ResourceScope(Acme, Shop, "acme", "shop")), Is.Not.Null);
        Assert.That((await Run(Node("api_key_delete", ("kid", kid)), AcmeManager)).Data, Is.EqualTo(true));
    }

    [Test]
    public void Kid_is_required_at_publish() =>
        Assert.That(PublishFails(Node("api_key_delete")).Errors.Select(e => e.Input), Does.Contain("kid"));
}
