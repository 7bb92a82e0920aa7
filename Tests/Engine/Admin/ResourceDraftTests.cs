using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>
/// Drafts of resources through <see cref="ResourceAdmin"/>: saved but never served, published through the one validator
/// in one transaction with what they break; new resources that exist only as a draft until published.
/// </summary>
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

    private long? ServedVersion(long resid) => Registry.Routes.Resources.SingleOrDefault(r => r.Resid == resid)?.Version;

    private async Task<Map> Listed(long resid) =>
        ((List<object?>)await Resources.ReadAsync(ShopDeveloper, null, new ResourceQuery(Shop, null, null), CancellationToken.None))
        .Cast<Map>().Single(r => (long)r["resid"]! == resid);

    private async Task<long> NewDraft(string text, string? account = null, string? application = null) =>
        (long)(await Resources.CreateDraftAsync(ShopDeveloper, text, null, account, application, CancellationToken.None))["resid"]!;

    [Test]
    public async Task A_new_resource_can_exist_only_as_a_draft_listed_as_draft_never_served_until_published()
    {
        var created = await Resources.CreateDraftAsync(ShopDeveloper, Doc("newborn"), null, null, null, CancellationToken.None);
        var id = (long)created["resid"]!;
        Assert.That((created["revision"], created["status"], created["load_error"]), Is.EqualTo((1L, "draft", (object?)null)));
        Assert.That(ServedVersion(id), Is.Null);
        var listed = await Listed(id);
        Assert.That((listed["status"], listed["version"], listed["name"], listed["method"], listed["uri"], listed["updated_by"]),
            Is.EqualTo(("draft", 0L, "Shop hello", "get", "newborn", (object?)ShopDeveloperUser.Uid)));
        var filtered = (List<object?>)await Resources.ReadAsync(ShopDeveloper, null, new ResourceQuery(Shop, "get", "newborn"), CancellationToken.None);
        Assert.That(filtered, Has.Count.EqualTo(1));
        Assert.That((await Resources.ReadAsync(ShopDeveloper, id, new ResourceQuery(null, null, null), CancellationToken.None) as Map)!["status"],
            Is.EqualTo("draft"));
        Assert.That(await Resources.VersionsAsync(ShopDeveloper, id, null, CancellationToken.None), Is.Empty);
        Refused(() => Resources.ExportAsync(ShopDeveloper, id, DocumentFormat.Yaml, CancellationToken.None), 404);
        await Registry.ReloadAsync();
        Assert.That(ServedVersion(id), Is.Null);

        var published = await Resources.PublishDraftAsync(ShopDeveloper, id, expected: 1, CancellationToken.None);
        Assert.That((published["version"], published["status"], published["uri"]), Is.EqualTo((1L, "published", "newborn")));
        Assert.That(published["breaking_changes"], Is.Empty);
        Assert.That(ServedVersion(id), Is.EqualTo(1L));
        Assert.That((await Listed(id))["status"], Is.EqualTo("published"));
    }

    [Test]
    public async Task A_draft_only_resource_belongs_to_the_application_given_or_else_to_the_one_its_document_names()
    {
        var unreadable = await Resources.CreateDraftAsync(ShopDeveloper, "name: [unclosed", null, "acme", "shop", CancellationToken.None);
        Assert.That(unreadable["load_error"], Is.Not.Null);
        var listed = await Listed((long)unreadable["resid"]!);
        Assert.That((listed["status"], listed["uri"], listed["application"]), Is.EqualTo(("draft", "", "shop")));
        Refused(() => Resources.PublishDraftAsync(ShopDeveloper, (long)unreadable["resid"]!, expected: 1, CancellationToken.None), 400);

        var noTarget = Refused(() => Resources.CreateDraftAsync(ShopDeveloper, "name: [unclosed", null, null, null, CancellationToken.None), 400);
        Assert.That(noTarget.Message, Does.Contain("'account' and 'application'"));
        var unnamed = Refused(() => Resources.CreateDraftAsync(ShopDeveloper, "name: Nameless\nprocess: x\n", null, null, null, CancellationToken.None), 400);
        Assert.That(unnamed.Message, Does.Contain("names no application"));
        Refused(() => Resources.CreateDraftAsync(ShopDeveloper, Doc("half"), null, "acme", null, CancellationToken.None), 400);
        var disagree = Refused(() => Resources.CreateDraftAsync(AcmeManager, Doc("elsewhere"), null, "acme", "blog", CancellationToken.None), 400);
        Assert.That(disagree.Message, Does.Contain("'acme/shop'").And.Contain("'acme/blog'"));
        Assert.That(await NewDraft(Doc("agreeing"), "acme", "shop"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Creating_a_draft_follows_the_rules_of_an_import()
    {
        Refused(() => Resources.CreateDraftAsync(ShopConsumer, Doc("consumed"), null, null, null, CancellationToken.None), 403);
        Refused(() => Resources.CreateDraftAsync(GlobexDeveloper, Doc("foreign"), null, null, null, CancellationToken.None), 404);
        Refused(() => Resources.CreateDraftAsync(GlobexDeveloper, "name: [unclosed", null, "acme", "shop", CancellationToken.None), 404);
        Refused(() => Resources.CreateDraftAsync(ShopDeveloper, Doc("nowhere").Replace("application: shop", "application: nowhere"), null, null,
            null, CancellationToken.None), 404);
        Refused(() => Resources.CreateDraftAsync(null, Doc("anonymous"), null, null, null, CancellationToken.None), 401);
        var id = await NewDraft(Doc("hidden"));
        Refused(() => Resources.DraftAsync(GlobexDeveloper, id, CancellationToken.None), 404);
        Refused(() => Resources.DraftAsync(ShopConsumer, id, CancellationToken.None), 403);
    }

    [Test]
    public async Task A_draft_only_resource_goes_when_deleted_or_when_its_draft_is_discarded()
    {
        var deleted = await NewDraft(Doc("short-lived"));
        Assert.That(await Resources.DeleteAsync(ShopDeveloper, deleted, CancellationToken.None), Is.True);
        Refused(() => Resources.ReadAsync(ShopDeveloper, deleted, new ResourceQuery(null, null, null), CancellationToken.None), 404);

        var discarded = await NewDraft(Doc("discarded"));
        const string json = """{"name": "Again", "account": "acme", "application": "shop", "uri": "discarded-again", "method": "get", "process": "x"}""";
        await Resources.SaveDraftAsync(ShopDeveloper, discarded, json, null, expected: 1, CancellationToken.None);
        var listed = await Listed(discarded);
        Assert.That((listed["name"], listed["uri"], listed["format"]), Is.EqualTo(("Again", "discarded-again", "json")));
        Refused(() => Resources.DiscardDraftAsync(ShopDeveloper, discarded, expected: 1, CancellationToken.None), 409);
        Assert.That(await Resources.DiscardDraftAsync(ShopDeveloper, discarded, expected: 2, CancellationToken.None), Is.True);
        Refused(() => Resources.DraftAsync(ShopDeveloper, discarded, CancellationToken.None), 404);
        Refused(() => Resources.ReadAsync(ShopDeveloper, discarded, new ResourceQuery(null, null, null), CancellationToken.None), 404);
    }

    [Test]
    public async Task Drafts_of_one_identity_may_wait_side_by_side_but_only_one_is_published()
    {
        var first = await NewDraft(Doc("twin"));
        var second = await NewDraft(Doc("twin"));
        await Resources.PublishDraftAsync(ShopDeveloper, first, expected: 1, CancellationToken.None);
        var taken = Refused(() => Resources.PublishDraftAsync(ShopDeveloper, second, expected: 1, CancellationToken.None), 400);
        Assert.That(taken.Message, Does.Contain("twin"));
        Assert.That((await Listed(second))["status"], Is.EqualTo("draft"));
        Assert.That(ServedVersion(first), Is.EqualTo(1L));
    }

    [Test]
    public async Task Publishing_stores_the_version_and_clears_the_draft_in_one_transaction()
    {
        var id = await Fresh("atomic");
        await Resources.SaveDraftAsync(ShopDeveloper, id, Doc("atomic").Replace("from the shop", "from the draft"), null, expected: 1, CancellationToken.None);
        Assert.ThrowsAsync<InvalidOperationException>(() => Registry.PublishAsync(Doc("atomic").Replace("from the shop", "from the draft"), DocumentFormat.Yaml, "test",
            id, alongside: _ => throw new InvalidOperationException("the draft could not be cleared")));
        Assert.That(ServedVersion(id), Is.EqualTo(1L));
        var versions = (List<object?>)await Resources.VersionsAsync(ShopDeveloper, id, null, CancellationToken.None);
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That((await Listed(id))["status"], Is.EqualTo("published_with_draft"));

        // A save that came in after the draft was read has a newer revision: it stays, and the answer says so.
        var (row, _) = await Registry.PublishAsync(Doc("atomic").Replace("from the shop", "from the draft"), DocumentFormat.Yaml, "test", id,
            alongside: db => ResourceDraftMapper.DeleteAsync(db, id, 1));
        Assert.That((row.Version, row.Status), Is.EqualTo((2L, "published_with_draft")));
        var published = await Resources.PublishDraftAsync(ShopDeveloper, id, expected: 2, CancellationToken.None);
        Assert.That((published["version"], published["status"]), Is.EqualTo((3L, "published")));
    }

    [Test]
    public async Task A_draft_tells_what_publishing_it_would_break_and_the_publish_answer_warns_of_it()
    {
        var reads = Doc("breaking").Replace("process: Hello from the shop",
            "process:\n  processor: var_get\n  id: name\n  key: name\n  nullable: true");
        var id = (long)(await Resources.ImportAsync(ShopDeveloper, reads, null, "test", CancellationToken.None))["resid"]!;
        var renamed = reads.Replace("key: name\n  nullable: true", "key: who");
        await Resources.SaveDraftAsync(ShopDeveloper, id, renamed, null, expected: 1, CancellationToken.None);
        var expected = new[] { "Query parameter 'name' was renamed to 'who'.", "Query parameter 'who' is now required." };
        Assert.That(await Resources.ChangesAsync(ShopDeveloper, id, CancellationToken.None), Is.EqualTo(expected));
        Assert.That((await Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None))["breaking_changes"], Is.EqualTo(expected));
        Refused(() => Resources.ChangesAsync(ShopConsumer, id, CancellationToken.None), 403);

        var published = await Resources.PublishDraftAsync(ShopDeveloper, id, expected: 2, CancellationToken.None);
        Assert.That(published["breaking_changes"], Is.EqualTo(expected));
        Assert.That(published["warnings"], Is.EqualTo(expected.Select(change => $"Breaking change: {change}")));
        Assert.That(ServedVersion(id), Is.EqualTo(2L));
    }

    [Test]
    public async Task An_invalid_draft_has_no_breaking_changes_yet_but_its_errors()
    {
        var id = await Fresh("not-yet");
        await Resources.SaveDraftAsync(ShopDeveloper, id, Doc("not-yet").Replace("ttl: 0", "ttl: -1"), null, expected: 1, CancellationToken.None);
        Assert.That((await Resources.DraftAsync(ShopDeveloper, id, CancellationToken.None))["breaking_changes"], Is.Null);
        var error = Refused(() => Resources.ChangesAsync(ShopDeveloper, id, CancellationToken.None), 400);
        Assert.That(error.Message, Does.Contain("ttl"));
        var plan = await Resources.PlanDraftAsync(ShopDeveloper, id, CancellationToken.None);
        Assert.That((plan.Prepared, plan.Errors), Is.EqualTo(((object?)null, plan.Errors)));
        Assert.That(plan.Errors, Has.Some.Contains("ttl"));
    }
}
