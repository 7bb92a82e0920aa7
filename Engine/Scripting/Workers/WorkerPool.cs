namespace ApiStudio.Engine.Scripting.Workers;

/// <summary>
/// At most <c>size</c> workers of one interpreter, started when first needed. A run takes an idle worker, starts one
/// while the pool is below its size, or waits in line (first come, first served) until one is released; waiting ends
/// when the caller's token is cancelled. A worker that ended is not reused: its place goes to the next in line, who
/// starts a fresh one. A run that calls <c>platform.api</c> into another run of the same engine while it holds a
/// worker does not wait for its own worker (that would wait forever with every worker held): such a nested run gets an
/// extra worker that ends after it. A timer ends workers over their memory limit.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(100);

    private readonly Func<bool, ScriptWorker> _start;
    private readonly int _size;
    private readonly long _memoryBytes;
    private readonly Lock _gate = new();
    private readonly Stack<ScriptWorker> _idle = new();
    private readonly LinkedList<TaskCompletionSource<ScriptWorker?>> _waiting = new();
    private readonly List<ScriptWorker> _all = [];
    private readonly AsyncLocal<bool> _holding = new();
    private Timer? _watch;
    private int _count;
    private bool _disposed;

    /// <summary>A pool of <paramref name="size"/> workers made by <paramref name="start"/> (its argument: an extra worker).</summary>
    public WorkerPool(int size, int memoryMegabytes, Func<bool, ScriptWorker> start)
    {
        _size = Math.Max(1, size);
        _memoryBytes = memoryMegabytes * 1024L * 1024L;
        _start = start;
    }

    /// <summary>The live workers (idle and busy).</summary>
    public IReadOnlyList<ScriptWorker> Workers
    {
        get
        {
            lock (_gate)
            {
                return _all.ToList();
            }
        }
    }

    /// <summary>True in the flow of a run that holds a worker of this pool (set by the engine after it took one).</summary>
    public bool Holding
    {
        get => _holding.Value;
        set => _holding.Value = value;
    }

    /// <summary>A worker for one run or check; give it back with <see cref="Release"/>.</summary>
    /// <exception cref="WorkerStartException">The interpreter could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public async ValueTask<ScriptWorker> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<ScriptWorker?>? waiter = null;
        LinkedListNode<TaskCompletionSource<ScriptWorker?>>? node = null;
        var overflow = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_idle.TryPop(out var idle))
            {
                if (idle.Alive)
                {
                    return idle;
                }
                Drop(idle);
            }
            if (_count < _size)
            {
                _count++;
            }
            else if (Holding)
            {
                overflow = true;
            }
            else
            {
                cancellationToken.ThrowIfCancellationRequested();
                waiter = new TaskCompletionSource<ScriptWorker?>(TaskCreationOptions.RunContinuationsAsynchronously);
                node = _waiting.AddLast(waiter);
            }
        }
        if (waiter is null || node is null)
        {
            return Start(overflow);
        }
        ScriptWorker? handed;
        using (cancellationToken.Register(() =>
               {
                   lock (_gate)
                   {
                       if (node.List is not null)
                       {
                           _waiting.Remove(node);
                           waiter.TrySetCanceled(cancellationToken);
                       }
                   }
               }))
        {
            handed = await waiter.Task;
        }
        if (handed is null)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _count--;
                    PassPlace();
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            // A place was freed by a worker that ended: this run starts the next one.
            return Start(overflow: false);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            Release(handed);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return handed;
    }

    /// <summary>Gives a worker back: to the next in line, to the idle ones, or (ended, or an extra one) away.</summary>
    public void Release(ScriptWorker worker)
    {
        ScriptWorker? end = null;
        lock (_gate)
        {
            if (worker.Overflow)
            {
                _all.Remove(worker);
                end = worker;
            }
            else if (!worker.Alive || _disposed)
            {
                Drop(worker);
                end = worker;
                PassPlace();
            }
            else if (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                next.Value.TrySetResult(worker);
            }
            else
            {
                _idle.Push(worker);
            }
        }
        end?.Dispose();
    }

    // A counted place is already taken (or this is an extra worker); it is given back when the start fails.
    private ScriptWorker Start(bool overflow)
    {
        ScriptWorker worker;
        try
        {
            worker = _start(overflow);
        }
        catch
        {
            if (!overflow)
            {
                lock (_gate)
                {
                    _count--;
                    // Whoever waits tries too (and learns the same reason).
                    PassPlace();
                }
            }
            throw;
        }
        lock (_gate)
        {
            if (!_disposed)
            {
                _all.Add(worker);
                _watch ??= new Timer(_ => Watch(), null, WatchEvery, WatchEvery);
                return worker;
            }
        }
        worker.Dispose();
        throw new ObjectDisposedException(nameof(WorkerPool));
    }

    // Under the lock: a free place goes to the first in line, who starts a worker.
    private void PassPlace()
    {
        if (!_disposed && _count < _size && _waiting.First is { } first)
        {
            _waiting.RemoveFirst();
            _count++;
            first.Value.TrySetResult(null);
        }
    }

    // Under the lock: a counted worker leaves the pool.
    private void Drop(ScriptWorker worker)
    {
        if (_all.Remove(worker))
        {
            _count--;
        }
    }

    private void Watch()
    {
        foreach (var worker in Workers)
        {
            if (worker.Alive && worker.ResidentBytes() is { } resident && resident > _memoryBytes)
            {
                worker.KillForMemory();
            }
        }
    }

    /// <summary>Drops what every worker prepared for a script.</summary>
    public void Forget(long sid)
    {
        foreach (var worker in Workers)
        {
            worker.Forget(sid);
        }
    }

    /// <summary>Kills every worker and fails whoever waits.</summary>
    public void Dispose()
    {
        List<ScriptWorker> workers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            workers = [.. _all];
            _idle.Clear();
            foreach (var waiter in _waiting)
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(WorkerPool)));
            }
            _waiting.Clear();
        }
        _watch?.Dispose();
        foreach (var worker in workers)
        {
            worker.Dispose();
        }
    }
}
