using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace ApiStudio.Tests.Storage;

/// <summary>
/// SQLite connections come from the pool: their settings (WAL, foreign keys, busy timeout, synchronous) are made once
/// per physical connection and must hold on every later open of it, and on a fresh one after the pool is cleared.
/// </summary>
public class SqliteConnectionSettingsTests
{
    private string _file = null!;
    private Database _database = null!;

    [SetUp]
    public void Create()
    {
        _file = Path.Combine(Path.GetTempPath(), $"apistudio-settings-{Guid.NewGuid():N}.db");
        _database = new Database(new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={_file}" });
    }

    [TearDown]
    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }

    private async Task<(string JournalMode, long ForeignKeys, long BusyTimeout, long Synchronous, object Handle)> SettingsAsync()
    {
        await using var connection = (SqliteConnection)await _database.OpenAsync();
        async Task<object> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return (await command.ExecuteScalarAsync())!;
        }
        return ((string)await Pragma("journal_mode"), (long)await Pragma("foreign_keys"), (long)await Pragma("busy_timeout"),
            (long)await Pragma("synchronous"), connection.Handle!);
    }

    [Test]
    public async Task Every_open_of_a_pooled_connection_has_the_settings()
    {
        var first = await SettingsAsync();
        var second = await SettingsAsync();
        Assert.That(second.Handle, Is.SameAs(first.Handle), "the pool hands out the same physical connection");
        foreach (var settings in new[] { first, second })
        {
            // synchronous NORMAL is 1.
            Assert.That((settings.JournalMode, settings.ForeignKeys, settings.BusyTimeout, settings.Synchronous),
                Is.EqualTo(("wal", 1L, 5000L, 1L)));
        }
    }

    [Test]
    public async Task A_new_physical_connection_gets_the_settings_too()
    {
        var first = await SettingsAsync();
        SqliteConnection.ClearAllPools();
        var fresh = await SettingsAsync();
        Assert.That(fresh.Handle, Is.Not.SameAs(first.Handle));
        Assert.That((fresh.JournalMode, fresh.ForeignKeys, fresh.BusyTimeout, fresh.Synchronous), Is.EqualTo(("wal", 1L, 5000L, 1L)));
    }

    [Test]
    public async Task Two_connections_open_at_once_both_have_the_settings()
    {
        await using var one = (SqliteConnection)await _database.OpenAsync();
        var other = await SettingsAsync();
        Assert.That(other.Handle, Is.Not.SameAs(one.Handle));
        Assert.That((other.ForeignKeys, other.BusyTimeout), Is.EqualTo((1L, 5000L)));
    }
}
