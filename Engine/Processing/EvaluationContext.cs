using System.Diagnostics;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.ObjectPool;

namespace ApiStudio.Engine.Processing;

/// <summary>
/// The state of one request's evaluation: the request, request-scoped variables, fragment results, the time and
/// memory budgets and the parser's work stacks. Created per request; never shared between requests.
/// </summary>
public sealed class EvaluationContext : IDisposable
{
    private readonly CancellationToken _requestAborted;
    // Environment.TickCount64 (milliseconds) rather than Stopwatch: checked before every node, and a quarter of the cost.
    private readonly long _deadline;
    private CancellationTokenSource? _budget;
    private RequestMemory? _memory;
    private static readonly IReadOnlyDictionary<string, PlanElement> NoFragments = new Dictionary<string, PlanElement>(StringComparer.Ordinal);
    private static readonly DefaultObjectPool<EvaluationStacks> StackPool = new(new EvaluationStacks.Policy(), Environment.ProcessorCount * 4);
    private EvaluationStacks? _stacks = StackPool.Get();
    private Dictionary<string, DataContainer>? _temporary;
    private Dictionary<string, DataContainer?>? _fragmentResults;

    /// <summary>Creates the context of one request.</summary>
    public EvaluationContext(
        ApiRequest request,
        EvaluationOptions? options = null,
        IServiceProvider? services = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        Request = request;
        Options = options ?? EvaluationOptions.Default;
        Services = services;
        Logger = logger ?? NullLogger.Instance;
        _requestAborted = cancellationToken;
        _deadline = Environment.TickCount64 + (long)Math.Ceiling(Options.TimeBudget.TotalMilliseconds);
        Trace = Options.Trace ? [] : null;
    }

    /// <summary>The request being served (as pre-process scripts left it, when one changed it).</summary>
    public ApiRequest Request { get; set; }

    /// <summary>Limits and switches.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>Host services for processors that need them (storage, HTTP clients); null in a bare engine.</summary>
    public IServiceProvider? Services { get; }

    /// <summary>Where processors log.</summary>
    public ILogger Logger { get; }

    /// <summary>The per-node trace, when <see cref="EvaluationOptions.Trace"/> is on.</summary>
    public List<TraceEntry>? Trace { get; }

    /// <summary>The resource's fragments by name (set by the prepared resource).</summary>
    public IReadOnlyDictionary<string, PlanElement> Fragments { get; set; } = NoFragments;

    /// <summary>The account and application being served (null in a bare engine).</summary>
    public ResourceScope? Scope { get; init; }

    /// <summary>How many script <c>platform.api</c> calls deep this request runs (0 for a request from a client).</summary>
    public int ScriptDepth { get; init; }

    /// <summary>How many <c>resource_call</c>s deep this evaluation runs (0 for a request from a client).</summary>
    public int CallDepth { get; init; }

    /// <summary>The verified caller, set by security processors; null while anonymous.</summary>
    public Security.Caller? Caller { get; set; }

    /// <summary>
    /// The id of the API key a queued job acts with (its caller came with that key, which the job never keeps):
    /// <c>validate_api_key</c> checks that key again when the request carries none. Set by the host for the in-process
    /// requests of a job only; never read from the request.
    /// </summary>
    public long? ActingApiKey { get; init; }

    /// <summary>The result of <c>process</c>, once evaluated: the default data of output processors.</summary>
    public DataContainer? Result { get; set; }

    /// <summary>The status and headers a <c>response</c> node set for the successful answer; null while none did.</summary>
    public ResponseSettings? Response { get; set; }

    /// <summary>
    /// The request's memory budget: its own (from <see cref="EvaluationOptions.MemoryBudgetBytes"/>), or its caller's
    /// when this is a nested evaluation.
    /// </summary>
    public RequestMemory Memory
    {
        get => _memory ??= new RequestMemory(Options.MemoryBudgetBytes);
        init => _memory = value;
    }

    /// <summary>Request-scoped variables of <c>var_temporary</c> (and loop variables).</summary>
    public Dictionary<string, DataContainer> Temporary => _temporary ??= new Dictionary<string, DataContainer>(StringComparer.Ordinal);

    /// <summary>
    /// Cancelled when the client goes away or the time budget is spent: pass it to every I/O call.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get
        {
            if (_budget is null)
            {
                var remaining = TimeSpan.FromMilliseconds(_deadline - Environment.TickCount64);
                _budget = CancellationTokenSource.CreateLinkedTokenSource(_requestAborted);
                _budget.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            return _budget.Token;
        }
    }

    internal WorkStack<DataContainer> Values => Stacks.Values;

    internal WorkStack<Frame> Frames => Stacks.Frames;

    private EvaluationStacks Stacks => _stacks ?? throw new ObjectDisposedException(nameof(EvaluationContext));

    /// <summary>What is left of the time budget (a nested evaluation, such as <c>resource_call</c>, gets no more).</summary>
    public TimeSpan RemainingBudget => TimeSpan.FromMilliseconds(Math.Max(0, _deadline - Environment.TickCount64));

    /// <summary>True once the time budget is spent.</summary>
    public bool BudgetExceeded => Environment.TickCount64 > _deadline;

    /// <summary>True when the client went away (not when the budget ran out).</summary>
    internal bool Aborted => _requestAborted.IsCancellationRequested;

    /// <summary>True when <see cref="CancellationToken"/> was cancelled by the time budget (its timer, not the client).</summary>
    internal bool BudgetCancelled => _budget is { IsCancellationRequested: true } && !_requestAborted.IsCancellationRequested;

    /// <summary>Throws when the request was aborted or the time budget is spent.</summary>
    public void ThrowIfOverBudget(string? nodeId)
    {
        if (Environment.TickCount64 > _deadline)
        {
            throw BudgetError(nodeId);
        }
        if (_requestAborted.IsCancellationRequested)
        {
            throw new OperationCanceledException(_requestAborted);
        }
    }

    /// <summary>
    /// Throws the budget error when <paramref name="bytes"/> more would not fit in what is left of the memory budget,
    /// without counting them: the check before building something whose size is known in advance, or of transient
    /// work that is dropped when the node ends.
    /// </summary>
    public void EnsureFits(long bytes, string? nodeId)
    {
        if (bytes > Memory.RemainingBytes)
        {
            throw MemoryError(nodeId);
        }
    }

    /// <summary>
    /// Counts a node's result against the memory budget, unless this request counted that very value already.
    /// Scalars cost a constant; texts, arrays and binaries are measured once (the size is kept on the value).
    /// </summary>
    internal void ChargeResult(DataContainer value, string? nodeId)
    {
        var memory = Memory;
        if (value.Type is not (DataType.Undefined or DataType.Boolean or DataType.Integer or DataType.Float))
        {
            if (!value.CountFor(memory.Serial))
            {
                return;
            }
            memory.UsedBytes += value.SizeWithin(memory.RemainingBytes);
        }
        else
        {
            memory.UsedBytes += ValueSize.Container;
        }
        if (memory.UsedBytes > memory.BudgetBytes)
        {
            throw MemoryError(nodeId);
        }
    }

    /// <summary>The error of a request that built more than its memory budget (code 0, HTTP 507): names the node.</summary>
    public ApiException MemoryError(string? nodeId) => new(
        $"The request exceeded its memory budget of {RequestMemory.Describe(Memory.BudgetBytes)}.",
        ErrorCodes.Core, nodeId, 507);

    /// <summary>The error of a request that ran out of time (code 0): names the node that was running.</summary>
    internal ApiException BudgetError(string? nodeId, Exception? inner = null) => new(
        $"The request exceeded its time budget of {Options.TimeBudget.TotalSeconds:0.###} s.",
        ErrorCodes.Core, nodeId, 500, inner);

    /// <summary>Evaluates the named fragment at most once per request and returns its value.</summary>
    public async ValueTask<DataContainer> FragmentAsync(string name, string? nodeId)
    {
        _fragmentResults ??= new Dictionary<string, DataContainer?>(StringComparer.Ordinal);
        if (_fragmentResults.TryGetValue(name, out var cached))
        {
            return cached ?? throw new ApiException(
                $"Fragment '{name}' refers to itself while it is being evaluated.", ErrorCodes.ProcessorFormat, nodeId, 500);
        }
        if (!Fragments.TryGetValue(name, out var fragment))
        {
            throw new ApiException($"Unknown fragment '{name}'.", ErrorCodes.ProcessorFormat, nodeId, 500);
        }
        _fragmentResults[name] = null;
        try
        {
            var value = await TreeParser.EvaluateAsync(fragment, this);
            _fragmentResults[name] = value;
            return value;
        }
        catch
        {
            _fragmentResults.Remove(name);
            throw;
        }
    }

    /// <summary>Releases the time budget's timer and gives the work stacks back to the pool for another request.</summary>
    public void Dispose()
    {
        _budget?.Dispose();
        if (Interlocked.Exchange(ref _stacks, null) is { } stacks)
        {
            StackPool.Return(stacks);
        }
    }
}

/// <summary>The parser's two work stacks, pooled between requests (cleared when returned; very large ones are dropped).</summary>
internal sealed class EvaluationStacks
{
    private const int MaxPooledLength = 1024;

    public WorkStack<DataContainer> Values { get; } = new();

    public WorkStack<Frame> Frames { get; } = new();

    internal sealed class Policy : PooledObjectPolicy<EvaluationStacks>
    {
        public override EvaluationStacks Create() => new();

        public override bool Return(EvaluationStacks stacks)
        {
            if (stacks.Values.Items.Length > MaxPooledLength || stacks.Frames.Items.Length > MaxPooledLength)
            {
                return false;
            }
            stacks.Values.Truncate(0);
            stacks.Frames.Truncate(0);
            return true;
        }
    }
}

/// <summary>
/// A growable array stack with its fields exposed, so the parser can update the top in place without copies: the
/// stack of evaluated values (a node's inputs occupy consecutive slots) and the stack of frames.
/// </summary>
internal sealed class WorkStack<T>
{
    public T[] Items = new T[32];
    public int Count;

    public void Push(T item)
    {
        if (Count == Items.Length)
        {
            Array.Resize(ref Items, Items.Length * 2);
        }
        Items[Count++] = item;
    }

    /// <summary>Drops everything above <paramref name="count"/>, clearing the slots so nothing is kept alive.</summary>
    public void Truncate(int count)
    {
        System.Array.Clear(Items, count, Count - count);
        Count = count;
    }
}

/// <summary>One element under evaluation: which child comes next and where its values start.</summary>
internal struct Frame(PlanElement element, int valueBase)
{
    public PlanElement Element = element;
    public int Next;
    public readonly int ValueBase = valueBase;
}
