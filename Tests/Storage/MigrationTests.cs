using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Storage.Migrations;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApiStudio.Tests.Storage;

public class MigrationTests
{
    [Test]
    public async Task A_new_database_is_migrated_to_the_latest_version_with_the_five_roles()
    {
        await using var test = await TestDatabase.CreateEmptyAsync();
        var applied = await new Migrator(test.Database, NullLogger<Migrator>.Instance).MigrateAsync();
        Assert.That(applied, Is.EqualTo(Schema.Migrations.Select(m => m.Version)));
        var roles = await test.Database.ReadAsync(RoleMapper.AllAsync);
        Assert.That(roles.Select(r => r.Name), Is.EqualTo(RoleMapper.BuiltIn));
    }

    [Test]
    public async Task Migrating_again_applies_nothing_and_keeps_the_data()
    {
        await using var test = await TestDatabase.CreateAsync();
        await test.Database.InTransactionAsync(db => AccountMapper.CreateAsync(db, "kept"));
        var applied = await new Migrator(test.Database, NullLogger<Migrator>.Instance).MigrateAsync();
        Assert.That(applied, Is.Empty);
        Assert.That(await test.Database.ReadAsync(db => AccountMapper.FindByNameAsync(db, "kept")), Is.Not.Null);
    }

    [Test]
    public async Task A_transaction_that_throws_leaves_nothing_behind()
    {
        await using var test = await TestDatabase.CreateAsync();
        Assert.ThrowsAsync<InvalidOperationException>(() => test.Database.InTransactionAsync(async db =>
        {
            await AccountMapper.CreateAsync(db, "half");
            throw new InvalidOperationException("crash in the middle");
        }));
        Assert.That(await test.Database.ReadAsync(db => AccountMapper.FindByNameAsync(db, "half")), Is.Null);
    }

    [Test]
    public async Task A_resource_draft_goes_with_its_resource()
    {
        await using var test = await TestDatabase.CreateAsync();
        var resid = await test.Database.InTransactionAsync(async db =>
        {
            var account = await AccountMapper.CreateAsync(db, "drafts");
            var application = await ApplicationMapper.CreateAsync(db, account.Accid, "app");
            var resource = await ResourceMapper.CreateAsync(db, new ResourceData(application.Appid, "n", "d", "get", "u", 0, "yaml", "doc"));
            return resource.Resid;
        });
        var draft = await test.Database.InTransactionAsync(db => ResourceDraftMapper.SaveAsync(db, resid, 1, new ResourceDraftData("yaml", "draft", "bad", null, null, null), null));
        Assert.That((draft!.Revision, draft.LoadError), Is.EqualTo((2L, "bad")));
        await test.Database.InTransactionAsync(db => ResourceMapper.DeleteAsync(db, resid));
        Assert.That(await test.Database.ReadAsync(db => ResourceDraftMapper.FindAsync(db, resid)), Is.Null);
    }

    [Test]
    public async Task A_script_is_stored_versioned_unique_per_event_name_and_goes_with_its_application()
    {
        await using var test = await TestDatabase.CreateAsync();
        var appid = await test.Database.InTransactionAsync(async db =>
            (await ApplicationMapper.CreateAsync(db, (await AccountMapper.CreateAsync(db, "scripted")).Accid, "app")).Appid);
        var data = new ScriptData("app.orders.get.pre_process", "javascript", "return 1;", true, false, null, null, null, null);
        var created = await test.Database.InTransactionAsync(db => ScriptMapper.CreateAsync(db, appid, data, 7));
        Assert.That((created.Version, created.IsActive, created.AllowEventModification, created.CreatedBy, created.UpdatedBy),
            Is.EqualTo((1L, true, false, (long?)7, (long?)7)));
        var updated = await test.Database.InTransactionAsync(db =>
            ScriptMapper.UpdateAsync(db, created.Sid, data with { Content = "return 2;", IsActive = false, Queue = "q", Delay = 5 }, 8));
        Assert.That((updated!.Version, updated.Content, updated.IsActive, updated.Queue, updated.Delay, updated.CreatedBy, updated.UpdatedBy),
            Is.EqualTo((2L, "return 2;", false, "q", (long?)5, (long?)7, (long?)8)));
        Assert.CatchAsync(() => test.Database.InTransactionAsync(db => ScriptMapper.CreateAsync(db, appid, data, null)));
        await test.Database.InTransactionAsync(db => ApplicationMapper.DeleteAsync(db, appid));
        Assert.That(await test.Database.ReadAsync(db => ScriptMapper.FindByIdAsync(db, created.Sid)), Is.Null);
    }
}
