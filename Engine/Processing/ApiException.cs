namespace ApiStudio.Engine.Processing;

/// <summary>
/// The one error type of the engine: a message, an error code, the id of the node that raised it and the
/// HTTP status the client receives.
/// </summary>
public sealed class ApiException : Exception
{
    /// <summary>Creates an error.</summary>
    public ApiException(string message, int code = ErrorCodes.Core, string? processorId = null, int httpStatus = 500,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        ProcessorId = processorId;
        HttpStatus = httpStatus;
    }

    /// <summary>The error code (see <see cref="ErrorCodes"/>).</summary>
    public int Code { get; }

    /// <summary>The id of the node that raised the error, when known.</summary>
    public string? ProcessorId { get; }

    /// <summary>The HTTP status for the response.</summary>
    public int HttpStatus { get; }

    /// <summary>
    /// Every problem found, when there are several (input validation lists them all at once); the message joins them.
    /// Null for a single problem.
    /// </summary>
    public IReadOnlyList<string>? Details { get; init; }

    /// <summary>
    /// Plain values the raw error envelope carries as <c>context</c> (a script's <c>BatchException</c> lists per-item
    /// results and errors there); null for none.
    /// </summary>
    public object? Context { get; init; }

    /// <summary>For a refusal that lifts with time (429): how long the client should wait, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>This error attributed to <paramref name="nodeId"/> when it names no node yet.</summary>
    public ApiException WithNode(string nodeId) =>
        ProcessorId is not null ? this : new ApiException(Message, Code, nodeId, HttpStatus, InnerException) { Details = Details, RetryAfter = RetryAfter, Context = Context };
}

/// <summary>Error codes shared by every processor.</summary>
public static class ErrorCodes
{
    /// <summary>Core engine error (limits, budget, unexpected failures).</summary>
    public const int Core = 0;
    /// <summary>Processor format error.</summary>
    public const int ProcessorFormat = 1;
    /// <summary>Database error.</summary>
    public const int Database = 2;
    /// <summary>Invalid call.</summary>
    public const int InvalidCall = 3;
    /// <summary>Authentication or authorisation failure.</summary>
    public const int Authentication = 4;
    /// <summary>External service failure.</summary>
    public const int ExternalService = 5;
    /// <summary>Invalid input.</summary>
    public const int InvalidInput = 6;
    /// <summary>Invalid application.</summary>
    public const int InvalidApplication = 7;
    /// <summary>Configuration error.</summary>
    public const int Configuration = 8;
}
