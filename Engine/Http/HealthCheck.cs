using System.Data.Common;
using ApiStudio.Engine.Storage;
using Microsoft.AspNetCore.Http;

namespace ApiStudio.Engine.Http;

/// <summary>
/// <c>GET /health</c> for load balancers and orchestrators: 200 <c>{"status":"ok",...}</c> while the system database
/// answers, 503 <c>{"status":"unavailable",...}</c> when it does not. Never cached, never says why (no secrets).
/// </summary>
public static class HealthCheck
{
    /// <summary>Checks the database with a trivial query and reports the number of published resources.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, Database database, ResourceRegistry registry)
    {
        http.Response.Headers.CacheControl = "no-store";
        var resources = (long)registry.Routes.Resources.Count;
        try
        {
            await database.ReadAsync(db => db.ScalarAsync<long>("SELECT 1"), http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return Results.Json(new { status = "unavailable", database = "unavailable", resources },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Json(new { status = "ok", database = "ok", resources });
    }
}
