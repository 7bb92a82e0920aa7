namespace ApiStudio.Tests.Support;

/// <summary>Waiting for something another host does in the background: polls until a condition holds or a deadline passes.</summary>
public static class Eventually
{
    /// <summary>How long a change may take to reach another host in the tests (the SQLite poll is 2 s; a reconnect a few).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Calls <paramref name="probe"/> every 100 ms until <paramref name="done"/> holds for its result or the deadline
    /// passes; returns the last result either way, so the caller's assertion shows what was seen.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null)
    {
        var stop = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            var result = await probe();
            if (done(result) || DateTime.UtcNow >= stop)
            {
                return result;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Like <see cref="Until{T}(Func{Task{T}}, Func{T, bool}, TimeSpan?)"/> for a value read without I/O.</summary>
    public static Task<T> UntilValue<T>(Func<T> probe, Func<T, bool> done, TimeSpan? deadline = null) =>
        Until(() => Task.FromResult(probe()), done, deadline);
}
