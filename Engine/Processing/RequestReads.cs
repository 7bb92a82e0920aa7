namespace ApiStudio.Engine.Processing;

/// <summary>What of a request and its caller a processor may read, beyond the uri and the query string.</summary>
/// <remarks>
/// The result cache keys an answer by everything its plan may read, so a processor declares this on its details. The
/// method, uri, URI arguments, query string and negotiated format are in every cache key and need no flag.
/// </remarks>
[Flags]
public enum RequestReads
{
    /// <summary>Nothing of the request beyond what every cache key covers.</summary>
    None = 0,

    /// <summary>The headers named by the input <see cref="ProcessorDetails.HeaderInput"/> (a computed name counts as every header).</summary>
    NamedHeaders = 1,

    /// <summary>Any request header.</summary>
    AllHeaders = 2,

    /// <summary>The request body (raw text, form fields or files): the cache key cannot cover it.</summary>
    Body = 4,

    /// <summary>The caller: credentials (Authorization, API key, cookies) and the identity security found.</summary>
    Caller = 8,

    /// <summary>Issues or revokes credentials: each answer belongs to one request and must never be replayed.</summary>
    Unrepeatable = 16,

    /// <summary>Undeclared: anything at all. The default, so a processor that declares nothing is never cached.</summary>
    Unknown = 32,
}
