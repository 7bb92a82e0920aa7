using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>Drafts of resources through <see cref="ResourceAdmin"/>: saved but never served, published through the one validator.</summary>
public class ResourceDraftTests : AdminWorld
{
    private ResourceAdmin Resources => Services.GetRequiredService<ResourceAdmin>();

    /// <summary>A resource of its own for each test (the world is shared by the fixture); its document is <see cref="Doc"/>.</summary>
    private async Task<long> Fresh(string uri) =>
        (long)(await Resources.ImportAsync(ShopDeveloper, Doc(uri), null, "test", CancellationToken.None))["resid"]!;

    private static string Doc(string uri) => ShopHello.Replace("uri: hello", $"uri: {uri}");

    private long Served(long resid) => Registry.Routes.Resources.Single(r => r.Resid == resid).Version;

    private static ApiException Refused(Func<Task> call, int status)
    {
        var error = Assert.ThrowsAsync<ApiException>(async () => await call())!;
        Assert.That(error.HttpStatus, Is.EqualTo(status), error.Message);
        return error;
    }

    [Test]
    public async Task A_draft_is_saved_but_not_served_until_published_then_it_is_the_newest_version()
    {
        var id = await Fresh("drafted");
        var changed = Doc("drafted").Replace("Hello from the shop", "Hello from the draft");
        var draft = await Resources.SaveDraftAsync(ShopDeveloper, id, changed, null, expected: 1, CancellationToken.None);
        Assert.That(draft["revision"], Is.EqualTo(2L));
        Assert.That(draft["load_error"], Is.Null);
        Assert.That(Served(id), Is.EqualTo(1L));
        var listed = (List<object?>)await Resources.ReadAsync(ShopDeveloper, null, new ResourceQuery(Shop, null, "drafted"), CancellationToken.None);
        Assert.That(listed.Cast<Map>().Single()["status"], Is.EqualTo("published_with_draft"));
        var read = await Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None);
        Assert.That(read["document"], Is.EqualTo(changed));

        var published = await Resources.PublishDraftAsync(ShopDeveloper, id, expected: 2, CancellationToken.None);
        Assert.That((published["version"], published["status"], published["updated_by"]), Is.EqualTo((2L, "published", ShopDeveloperUser.Uid)));
        Assert.That(Served(id), Is.EqualTo(2L));
        var versions = (List<object?>)await Resources.VersionsAsync(ShopDeveloper, id, null, CancellationToken.None);
        Assert.That(versions.Cast<Map>().Select(v => v["version"]), Is.EqualTo(new object?[] { 2L, 1L }));
        Refused(() => Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None), 404);
    }

    [Test]
    public async Task An_invalid_draft_is_kept_and_its_publish_is_refused_with_every_error_while_the_old_version_serves()
    {
        var id = await Fresh("invalid");
        var invalid = Doc("invalid").Replace("process: Hello from the shop", "process:\n  processor: no_such_processor\n  id: x");
        await Resources.SaveDraftAsync(ShopDeveloper, id, invalid, null, expected: 1, CancellationToken.None);
        var error = Refused(() => Resources.PublishDraftAsync(ShopDeveloper, id, expected: 2, CancellationToken.None), 400);
        Assert.That(error.Details, Is.Not.Empty);
        Assert.That(error.Message, Does.Contain("no_such_processor"));
        Assert.That(Served(id), Is.EqualTo(1L));
        Assert.That((await Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None))["revision"], Is.EqualTo(2L));
    }

    [Test]
    public async Task An_unreadable_draft_is_kept_with_its_load_error_and_cannot_be_published()
    {
        var id = await Fresh("unreadable");
        var draft = await Resources.SaveDraftAsync(ShopDeveloper, id, "name: [unclosed", null, expected: 1, CancellationToken.None);
        Assert.That(draft["load_error"], Is.Not.Null);
        var error = Refused(() => Resources.PublishDraftAsync(ShopDeveloper, id, expected: 2, CancellationToken.None), 400);
        Assert.That(error.Message, Does.Contain("cannot be read"));
        Assert.That(Served(id), Is.EqualTo(1L));
    }

    [Test]
    public async Task A_save_or_publish_over_a_stale_revision_is_409_naming_the_current_one()
    {
        var id = await Fresh("stale");
        await Resources.SaveDraftAsync(ShopDeveloper, id, Doc("stale").Replace("shop", "first"), null, expected: 1, CancellationToken.None);
        var stale = Refused(() => Resources.SaveDraftAsync(ShopManager, id, Doc("stale").Replace("shop", "second"), null, expected: 1,
            CancellationToken.None), 409);
        Assert.That(stale.Message, Does.Contain("revision 2"));
        Refused(() => Resources.PublishDraftAsync(ShopManager, id, expected: 1, CancellationToken.None), 409);
        Refused(() => Resources.DiscardDraftAsync(ShopManager, id, expected: 3, CancellationToken.None), 409);
        var read = await Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None);
        Assert.That(read["document"], Is.EqualTo(Doc("stale").Replace("shop", "first")));
        Assert.That(await Resources.DiscardDraftAsync(ShopManager, id, expected: 2, CancellationToken.None), Is.True);
        Refused(() => Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None), 404);
        Assert.That(Served(id), Is.EqualTo(1L));
    }

    [Test]
    public async Task A_consumer_cannot_save_or_publish_and_another_account_sees_no_draft()
    {
        var id = await Fresh("guarded");
        Refused(() => Resources.SaveDraftAsync(ShopConsumer, id, Doc("guarded"), null, expected: 1, CancellationToken.None), 403);
        await Resources.SaveDraftAsync(ShopDeveloper, id, Doc("guarded"), null, expected: 1, CancellationToken.None);
        Refused(() => Resources.PublishDraftAsync(ShopConsumer, id, expected: 2, CancellationToken.None), 403);
        Refused(() => Resources.DraftAsync(ShopConsumer, id, CancellationToken.None), 403);
        Refused(() => Resources.DraftAsync(GlobexDeveloper, id, CancellationToken.None), 404);
        Refused(() => Resources.SaveDraftAsync(GlobexDeveloper, id, Doc("guarded"), null, expected: 2, CancellationToken.None), 404);
    }
}
