using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// The errors of the admin API, one rule each: 401 without a caller, 404 for what does not exist or lies outside
/// every account and application the caller has a role in (existence is never leaked), 403 for a caller who has a
/// role there but not one that allows the action, 409 for a name or grant already taken, 400 listing every problem
/// of the input.
/// </summary>
public static class AdminErrors
{
    /// <summary>No verified caller (HTTP 401, code 4).</summary>
    public static ApiException Unauthenticated() =>
        new("Authentication required: sign in and send the access token.", ErrorCodes.Authentication, null, 401);

    /// <summary>The caller may see the object but not do this (HTTP 403, code 4).</summary>
    public static ApiException Forbidden(string action) =>
        new($"Permission denied: your roles do not allow you to {action}.", ErrorCodes.Authentication, null, 403);

    /// <summary>Unknown, or invisible to the caller (HTTP 404, code 6): the same message either way.</summary>
    public static ApiException NotFound(string kind, object id) =>
        new($"{kind} {id} does not exist.", ErrorCodes.InvalidInput, null, 404);

    /// <summary>A name or grant already taken, or a change that would break what depends on the object (HTTP 409, code 6).</summary>
    public static ApiException Conflict(string message) => new(message, ErrorCodes.InvalidInput, null, 409);

    /// <summary>One problem with the input (HTTP 400, code 6).</summary>
    public static ApiException Invalid(string message) => new(message, ErrorCodes.InvalidInput, null, 400);

    /// <summary>Every problem with the input at once (HTTP 400, code 6): the message joins them, Details lists them.</summary>
    public static ApiException Invalid(IReadOnlyList<string> problems) =>
        new(string.Join(" ", problems), ErrorCodes.InvalidInput, null, 400) { Details = problems };

    /// <summary>A database failure while writing (HTTP 500, code 2); the transaction was rolled back.</summary>
    public static ApiException Database(string what, Exception inner) =>
        new($"The database refused to {what}; nothing was changed.", ErrorCodes.Database, null, 500, inner);
}
