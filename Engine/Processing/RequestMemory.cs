using System.Globalization;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// The memory budget of one request: the estimated bytes of the values its nodes built so far. A nested evaluation
/// (<c>resource_call</c>) shares its caller's, so a chain of calls cannot build more than one request may.
/// </summary>
public sealed class RequestMemory(long budgetBytes)
{
    private static long s_serial;

    /// <summary>Identifies this budget on the values it counted (a value passed along is counted once).</summary>
    internal long Serial { get; } = Interlocked.Increment(ref s_serial);

    /// <summary>The budget, in bytes.</summary>
    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Bytes counted so far.</summary>
    public long UsedBytes { get; internal set; }

    /// <summary>Bytes left before the budget is exceeded.</summary>
    public long RemainingBytes => Math.Max(0, BudgetBytes - UsedBytes);

    /// <summary>The budget for people: "64 MiB", "512 KiB" or "900 bytes".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{(bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture)} MiB",
        >= 1024 => $"{(bytes / 1024.0).ToString("0.##", CultureInfo.InvariantCulture)} KiB",
        _ => $"{bytes} bytes",
    };
}
