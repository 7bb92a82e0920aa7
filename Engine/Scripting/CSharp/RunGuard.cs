using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ApiStudio.Engine.Scripting.CSharp.Guarding;

/// <summary>
/// The checkpoint <see cref="GuardRewriter"/> puts at the start of every loop body, method, local function,
/// accessor and lambda of a C# script, before every <c>goto</c> and into every <c>catch</c> filter. It ends the run
/// that executes it when the run is past its time limit or cancelled, when the call stack is nearly exhausted, or
/// when the run allocated more than its memory limit. Once a run is stopped every later checkpoint of that run
/// throws again and no <c>catch</c> of the script catches anything, so a script cannot swallow the stop.
/// </summary>
/// <remarks>
/// Scripts cannot name this class (the engine refuses a script that does) and it holds no state a script could
/// reach: the run's state lives in a private async-local. C# scripts are trusted code, though: reflection reaches
/// anything, and work inside one framework call (a huge allocation, a blocking call other than
/// <c>Thread.Sleep</c> and <c>Task.Delay</c>) is not interrupted — the engine stops waiting at the time limit and
/// the thread stays busy until that call returns.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class __ApiStudioRunGuard
{
    internal const string ClassName = nameof(__ApiStudioRunGuard);

    internal static readonly string Qualified = $"global::{typeof(__ApiStudioRunGuard).Namespace}.{ClassName}";

    private static readonly AsyncLocal<RunLimits?> Current = new();

    /// <summary>Makes <paramref name="limits"/> the run of the current thread and everything it starts.</summary>
    internal static void Enter(RunLimits limits) => Current.Value = limits;

    /// <summary>Throws when the run is to stop.</summary>
    public static void Check()
    {
        var limits = Current.Value ?? throw new ScriptLimitException(LimitKind.Outside);
        limits.Check();
    }

    /// <summary>True when the script's <c>catch</c> may catch: false once the run is stopped.</summary>
    public static bool CanCatch() => Current.Value is { } limits && limits.Passes();

    /// <summary><c>Thread.Sleep</c> that ends with the run.</summary>
    public static void Sleep(int milliseconds)
    {
        var limits = Current.Value ?? throw new ScriptLimitException(LimitKind.Outside);
        limits.Check();
        limits.Token.WaitHandle.WaitOne(milliseconds);
        limits.Check();
    }

    /// <summary><c>Thread.Sleep</c> that ends with the run.</summary>
    public static void Sleep(TimeSpan timeout) => Sleep((int)Math.Clamp(timeout.TotalMilliseconds, -1, int.MaxValue));

    /// <summary><c>Task.Delay</c> that ends with the run.</summary>
    public static Task Delay(int milliseconds)
    {
        var limits = Current.Value ?? throw new ScriptLimitException(LimitKind.Outside);
        limits.Check();
        return Task.Delay(milliseconds, limits.Token);
    }

    /// <summary><c>Task.Delay</c> that ends with the run.</summary>
    public static Task Delay(TimeSpan delay)
    {
        var limits = Current.Value ?? throw new ScriptLimitException(LimitKind.Outside);
        limits.Check();
        return Task.Delay(delay, limits.Token);
    }
}

/// <summary>Why a run was stopped.</summary>
internal enum LimitKind
{
    Time,
    Cancelled,
    Recursion,
    Memory,
    Ended,
    Outside,
}

/// <summary>Thrown by the guard; scripts cannot name it, and their <c>catch</c> clauses skip it.</summary>
internal sealed class ScriptLimitException(LimitKind kind) : Exception($"The script was stopped: {kind}.")
{
    public LimitKind Kind { get; } = kind;
}

/// <summary>
/// The limits and counters of one run. The memory count is approximate: the bytes the threads that pass the
/// checkpoints allocated between two checkpoints on the same thread (what happens across a thread switch is not
/// counted).
/// </summary>
internal sealed class RunLimits(long deadlineTicks, long memoryBytes, long stackBytes, CancellationToken token, CancellationToken caller)
{
    // The highest stack address a checkpoint of this run reached on the current thread: the script's outermost frame
    // there. A run moves between threads at its awaits, so this is kept per thread.
    [ThreadStatic]
    private static (RunLimits? Run, nint Top) _outermost;

    private LimitKind? _stopped;
    private long _allocated;
    private int _countdown;
    private int _thread = Environment.CurrentManagedThreadId;
    private long _threadBytes = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Cancelled at the time limit or when the caller cancels.</summary>
    public CancellationToken Token { get; } = token;

    /// <summary>The caller's token (cancelled when the request ended).</summary>
    public CancellationToken Caller { get; } = caller;

    /// <summary>Why the run was stopped, or null while it may go on.</summary>
    public LimitKind? Stopped => _stopped;

    /// <summary>The bytes counted so far.</summary>
    public long Allocated => _allocated;

    public void Check()
    {
        if (Find() is { } kind)
        {
            Stop(kind);
        }
    }

    public bool Passes()
    {
        if (Find() is { } kind)
        {
            _stopped ??= kind;
            return false;
        }
        return true;
    }

    /// <summary>Stops the run for good: later checkpoints throw (a leftover task of a finished run ends there).</summary>
    public void End() => _stopped ??= LimitKind.Ended;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Stop(LimitKind kind)
    {
        _stopped ??= kind;
        throw new ScriptLimitException(_stopped ?? kind);
    }

    /// <summary>
    /// The bytes of stack between this checkpoint and the outermost checkpoint of the run on this thread (the stack
    /// grows down on every platform .NET runs on).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long StackUsed()
    {
        byte here = 0;
        var address = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref here);
        if (!ReferenceEquals(_outermost.Run, this) || address > _outermost.Top)
        {
            _outermost = (this, address);
            return 0;
        }
        return _outermost.Top - address;
    }

    private bool Deadline()
    {
        _countdown = 64;
        return Environment.TickCount64 >= deadlineTicks;
    }

    private LimitKind? Find()
    {
        if (_stopped is { } stopped)
        {
            return stopped;
        }
        // The token is cancelled by a timer at the deadline; the clock itself (a system call) is read every 64th
        // checkpoint, for when timers are late because every pool thread is busy.
        if (Token.IsCancellationRequested || (--_countdown < 0 && Deadline()))
        {
            return Caller.IsCancellationRequested ? LimitKind.Cancelled : LimitKind.Time;
        }
        if (StackUsed() > stackBytes || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return LimitKind.Recursion;
        }
        var thread = Environment.CurrentManagedThreadId;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        if (thread == _thread)
        {
            // Not interlocked: threads of one run racing here lose a little of the count, which stays approximate.
            _allocated += bytes - _threadBytes;
            if (_allocated > memoryBytes)
            {
                _threadBytes = bytes;
                return LimitKind.Memory;
            }
        }
        else
        {
            _thread = thread;
        }
        _threadBytes = bytes;
        return null;
    }
}
