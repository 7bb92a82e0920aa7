using ApiStudio.Engine.OpenApi;
using ApiStudio.Engine.Security;

namespace ApiStudio.Engine.Admin;

/// <summary>
/// An application's OpenAPI document through the admin API, for callers holding any role in the application (the
/// public <c>/{base}/{account}/{application}/openapi.json</c> stays): the same document, from the same cache.
/// </summary>
public sealed class OpenApiAdmin(OpenApiDocuments documents, ApplicationAdmin applications)
{
    /// <summary>The document as JSON text; 404 when the application does not exist or the caller holds no role in it.</summary>
    public async Task<string> ReadAsync(Caller? caller, long appid, CancellationToken cancellationToken)
    {
        var who = AdminAccess.Authenticated(caller);
        var app = await applications.VisibleAsync(who, appid, cancellationToken).ConfigureAwait(false);
        return documents.Json(app.AccountName, app.Name) ?? throw AdminErrors.NotFound("Application", appid);
    }
}
