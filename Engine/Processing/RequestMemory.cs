using System.Globalization;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// The memory budget of one request: the estimated bytes of the values its nodes built so far. A nested evaluation
/// (<c>resource_call</c>) shares its caller's, so a chain of calls cannot build more than one request may.
/// </summary>
public sealed class RequestMemory(long budgetBytes)
{
    private static int s_serial;

    /// <summary>
    /// Identifies this budget on the values it counted (a value passed along is counted once). An int keeps every value
    /// small; after it wraps, a value kept that long could go uncounted once, never counted twice.
    /// </summary>
    internal int Serial { get; } = NextSerial();

    /// <summary>The budget, in bytes.</summary>
    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Bytes counted so far.</summary>
    public long UsedBytes { get; internal set; }

    /// <summary>Bytes left before the budget is exceeded.</summary>
    public long RemainingBytes => Math.Max(0, BudgetBytes - UsedBytes);

    // 0 marks a value no request counted yet.
    private static int NextSerial()
    {
        var serial = Interlocked.Increment(ref s_serial);
        return serial != 0 ? serial : Interlocked.Increment(ref s_serial);
    }

    /// <summary>The budget for people: "64 MiB", "512 KiB" or "900 bytes".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{(bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture)} MiB",
        >= 1024 => $"{(bytes / 1024.0).ToString("0.##", CultureInfo.InvariantCulture)} KiB",
        _ => $"{bytes} bytes",
    };
}
