using ApiStudio.Engine.Storage;
using ApiStudio.Tests.Support;
using Npgsql;

namespace ApiStudio.Tests.Engine.Storage;

/// <summary>
/// The change feed: announcements travel with their transaction (PostgreSQL notifications, the SQLite change
/// counter) and a host tells its own changes from other writers' ones.
/// </summary>
public class ChangeFeedTests
{
    [Test]
    public void A_payload_names_kind_id_and_origin()
    {
        var feed = new ChangeFeed();
        var payload = ChangeFeed.Format(ChangeFeed.Resource, 42, feed.Origin);
        Assert.That(payload, Is.EqualTo($"resource:42:{feed.Origin}"));
        var change = ChangeFeed.Parse(payload);
        Assert.That(change, Is.EqualTo(new Change("resource", 42, feed.Origin)));
        Assert.That(feed.IsOwn(change), Is.True);
        Assert.That(new ChangeFeed().IsOwn(change), Is.False);
    }

    [Test]
    public void A_malformed_payload_is_an_unknown_change()
    {
        Assert.That(ChangeFeed.Parse("resource:forty-two:x"), Is.EqualTo(new Change("", 0, "")));
        Assert.That(ChangeFeed.Parse("hello"), Is.EqualTo(new Change("", 0, "")));
        Assert.That(new ChangeFeed().IsOwn(ChangeFeed.Parse("hello")), Is.False);
    }

    [Test]
    public async Task An_announcement_takes_effect_only_when_its_transaction_commits()
    {
        await using var database = await TestDatabase.CreateAsync();
        var feed = new ChangeFeed();
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
        {
            var received = new List<string>();
            await using var listener = new NpgsqlConnection(database.Options.ConnectionString);
            await listener.OpenAsync();
            listener.Notification += (_, e) => received.Add(e.Payload);
            await using (var listen = new NpgsqlCommand($"LISTEN {ChangeFeed.Channel}", listener))
            {
                await listen.ExecuteNonQueryAsync();
            }
            await RolledBackAnnouncementAsync(database.Database, feed, 7);
            await database.Database.InTransactionAsync(db => feed.AnnounceAsync(db, ChangeFeed.Resource, 8));
            Assert.That(await listener.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
            // Notifications arrive in commit order: the rolled-back one would have come first.
            Assert.That(received, Is.EqualTo(new[] { $"resource:8:{feed.Origin}" }));
        }
        else
        {
            var before = await database.Database.ReadAsync(ChangeFeed.ReadCounterAsync);
            await RolledBackAnnouncementAsync(database.Database, feed, 7);
            Assert.That(await database.Database.ReadAsync(ChangeFeed.ReadCounterAsync), Is.EqualTo(before));
            await database.Database.InTransactionAsync(db => feed.AnnounceAsync(db, ChangeFeed.Resource, 8));
            Assert.That(await database.Database.ReadAsync(ChangeFeed.ReadCounterAsync), Is.EqualTo(before + 1));
        }
    }

    [Test]
    public async Task Announcing_outside_a_transaction_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var feed = new ChangeFeed();
        await Assert.ThatAsync(() => database.Database.ReadAsync(async db =>
            {
                await feed.AnnounceAsync(db, ChangeFeed.Resource, 1);
                return true;
            }),
            Throws.InvalidOperationException.With.Message.EqualTo("A change is announced inside the transaction that makes it."));
    }

    [Test]
    public async Task Own_committed_changes_are_not_foreign_but_another_writers_are()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var db = database.Database;
        var mine = new ChangeFeed();
        var theirs = new ChangeFeed();
        mine.Reloaded(await db.ReadAsync(ChangeFeed.ReadCounterAsync));

        await db.InTransactionAsync(s => mine.AnnounceAsync(s, ChangeFeed.Resource, 1));
        await db.InTransactionAsync(s => mine.AnnounceAsync(s, ChangeFeed.Applications, 2));
        Assert.That(mine.HasForeignChanges(await db.ReadAsync(ChangeFeed.ReadCounterAsync)), Is.False);

        await db.InTransactionAsync(s => theirs.AnnounceAsync(s, ChangeFeed.Resource, 3));
        var counter = await db.ReadAsync(ChangeFeed.ReadCounterAsync);
        Assert.That(mine.HasForeignChanges(counter), Is.True);
        mine.Reloaded(counter);
        Assert.That(mine.HasForeignChanges(counter), Is.False);
    }

    [Test]
    public async Task A_rolled_back_announcement_is_not_taken_for_an_own_change()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var db = database.Database;
        var mine = new ChangeFeed();
        var theirs = new ChangeFeed();
        mine.Reloaded(await db.ReadAsync(ChangeFeed.ReadCounterAsync));

        await RolledBackAnnouncementAsync(db, mine, 1);
        // The other writer's change gets the counter value the rolled-back one had seen.
        await db.InTransactionAsync(s => theirs.AnnounceAsync(s, ChangeFeed.Resource, 2));
        Assert.That(mine.HasForeignChanges(await db.ReadAsync(ChangeFeed.ReadCounterAsync)), Is.True);
    }

    [Test]
    public void Without_a_starting_point_any_counter_means_a_reload()
    {
        var feed = new ChangeFeed();
        Assert.That(feed.HasForeignChanges(0), Is.True);
        feed.Reloaded(0);
        Assert.That(feed.HasForeignChanges(0), Is.False);
    }

    [Test]
    public void A_counter_that_went_back_means_a_reload()
    {
        var feed = new ChangeFeed();
        feed.Reloaded(5);
        Assert.That(feed.HasForeignChanges(5), Is.False);
        Assert.That(feed.HasForeignChanges(3), Is.True);
        feed.Reloaded(3);
        Assert.That(feed.HasForeignChanges(3), Is.False);
    }

    private static Task RolledBackAnnouncementAsync(Database database, ChangeFeed feed, long id) =>
        Assert.ThatAsync(() => database.InTransactionAsync(async db =>
        {
            await feed.AnnounceAsync(db, ChangeFeed.Resource, id);
            throw new InvalidOperationException("rolled back");
        }), Throws.InvalidOperationException.With.Message.EqualTo("rolled back"));
}
