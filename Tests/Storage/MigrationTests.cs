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
}
