namespace ApiStudio.Tests.Support;

/// <summary>A clock the test sets: time stands still until <see cref="Advance"/> moves it.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    /// <summary>A clock standing at the current time.</summary>
    public ManualClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
