namespace ApiStudio.Engine.Storage;

/// <summary>Timestamps as stored: milliseconds since the Unix epoch, UTC (portable across both providers).</summary>
public static class Clock
{
    /// <summary>Now, in epoch milliseconds.</summary>
    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>An epoch-milliseconds value as a UTC time.</summary>
    public static DateTimeOffset ToTime(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds);
}
