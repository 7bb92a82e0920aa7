using System.Globalization;

namespace ApiStudio.Engine.Storage;

/// <summary>A change announced by a host: its kind, the id it concerns and the host that made it.</summary>
/// <param name="Kind"><see cref="ChangeFeed.Resource"/>, <see cref="ChangeFeed.Applications"/>, <see cref="ChangeFeed.Scripts"/>, <see cref="ChangeFeed.Tasks"/> or a kind this host does not know.</param>
/// <param name="Id">The resource or application id (0 when none).</param>
/// <param name="Origin">The <see cref="ChangeFeed.Origin"/> of the host that made the change (empty when unknown).</param>
public readonly record struct Change(string Kind, long Id, string Origin);

/// <summary>
/// Tells the other hosts on the same database what changed, from inside the transaction that makes the
/// change, so that nothing is announced unless it is committed. PostgreSQL: <c>pg_notify('apistudio_changes',
/// 'kind:id:origin')</c>, delivered on commit to every host listening (<see cref="Http.ChangeListener"/>). SQLite (one
/// file, possibly shared by several processes): a counter in the <c>settings</c> table bumped in the transaction and
/// polled by the listener. The feed also remembers which counter values this host produced itself, so that its own
/// changes (already patched into its memory) do not make it reload.
/// </summary>
public sealed class ChangeFeed
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string Channel = "apistudio_changes";

    /// <summary>The <c>settings</c> key of the SQLite change counter.</summary>
    public const string CounterKey = "change_counter";

    /// <summary>Kind of a change to one resource (saved, updated or deleted): the id is the resid.</summary>
    public const string Resource = "resource";

    /// <summary>Kind of a change to accounts or applications (created, renamed, moved, settings, deleted): the id is the appid or accid.</summary>
    public const string Applications = "applications";

    /// <summary>An event script was saved or deleted (the id is its application's): the scripts are read again.</summary>
    public const string Scripts = "scripts";

    /// <summary>A scheduled task was created, changed, paused, resumed or deleted (the id is its tid): every host schedules it again.</summary>
    public const string Tasks = "tasks";

    /// <summary>
    /// What observers are told after a full reload (a reconnect, or the SQLite counter moved): anything may have changed.
    /// </summary>
    public static readonly Change Everything = new("", 0, "");

    private const string BumpSql =
        "INSERT INTO settings (key, value) VALUES (@key, '1') " +
        "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT) RETURNING value";

    private readonly Lock _gate = new();
    private readonly List<Func<Change, CancellationToken, Task>> _observers = [];
    private readonly SortedSet<long> _own = [];
    private long _seen = -1;

    /// <summary>This host's id in notifications (random per process start; not a secret).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// Announces a change inside <paramref name="db"/>'s transaction: it reaches the other hosts only when that
    /// transaction commits.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session has no transaction.</exception>
    public async Task AnnounceAsync(DbSession db, string kind, long id)
    {
        if (db.Transaction is null)
        {
            throw new InvalidOperationException("A change is announced inside the transaction that makes it.");
        }
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.ExecuteAsync("SELECT pg_notify(@channel, @payload)",
                new { channel = Channel, payload = Format(kind, id, Origin) }).ConfigureAwait(false);
            return;
        }
        var value = ParseCounter(await db.QuerySingleAsync<string>(BumpSql, new { key = CounterKey }).ConfigureAwait(false));
        db.AfterCommit(() =>
        {
            lock (_gate)
            {
                if (value > _seen)
                {
                    _own.Add(value);
                }
            }
        });
    }

    /// <summary>The SQLite change counter (0 before the first change); 0 on PostgreSQL, which needs none.</summary>
    public static async Task<long> ReadCounterAsync(DbSession db) =>
        db.Provider == DatabaseProvider.Postgres
            ? 0
            : ParseCounter(await db.QuerySingleOrDefaultAsync<string>("SELECT value FROM settings WHERE key = @key", new { key = CounterKey })
                .ConfigureAwait(false));

    /// <summary>
    /// Records that memory reflects every change up to <paramref name="counter"/> (read before a full reload read the
    /// rows).
    /// </summary>
    public void Reloaded(long counter)
    {
        lock (_gate)
        {
            if (counter < _seen)
            {
                // The counter went back (database restored or replaced): remembered values may come again from others.
                _own.Clear();
            }
            _seen = counter;
            _own.RemoveWhere(v => v <= counter);
        }
    }

    /// <summary>
    /// True when the counter shows a change this host did not make (or the feed has no starting point): memory must
    /// be reloaded. False when it is unchanged or every change since the last look was this host's own.
    /// </summary>
    public bool HasForeignChanges(long counter)
    {
        lock (_gate)
        {
            if (_seen < 0)
            {
                return true;
            }
            if (counter <= _seen)
            {
                return counter < _seen;  // lower: the database was replaced or restored
            }
            if (counter - _seen > _own.Count)
            {
                return true;
            }
            for (var value = _seen + 1; value <= counter; value++)
            {
                if (!_own.Contains(value))
                {
                    return true;
                }
            }
            _seen = counter;
            _own.RemoveWhere(v => v <= counter);
            return false;
        }
    }

    /// <summary>
    /// Adds a service that keeps its own copy of what changes (the scheduler's triggers): it hears each change another
    /// host announces, after the route table took it, and <see cref="Everything"/> after each full reload.
    /// </summary>
    public void Observe(Func<Change, CancellationToken, Task> observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }
    }

    /// <summary>Tells the observers of a change another host made (called by the listener).</summary>
    public async Task NotifyAsync(Change change, CancellationToken cancellationToken)
    {
        Func<Change, CancellationToken, Task>[] observers;
        lock (_gate)
        {
            observers = [.. _observers];
        }
        foreach (var observer in observers)
        {
            await observer(change, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the change was made by this host.</summary>
    public bool IsOwn(Change change) => string.Equals(change.Origin, Origin, StringComparison.Ordinal);

    /// <summary>The notification payload of a change: <c>kind:id:origin</c>.</summary>
    public static string Format(string kind, long id, string origin) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{id}:{origin}");

    /// <summary>Reads a payload; a malformed one is an unknown kind (the listener then reloads everything).</summary>
    public static Change Parse(string payload)
    {
        var parts = payload.Split(':');
        return parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Change(parts[0], id, parts[2])
            : new Change("", 0, "");
    }

    private static long ParseCounter(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var counter) ? counter : 0;
}
