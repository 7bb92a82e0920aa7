using System.Data.Common;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Engine.Admin;

/// <summary>Admin writes: one transaction each; a database refusal becomes a clean error (code 2) without its SQL details.</summary>
internal static class AdminWrites
{
    /// <summary>Runs <paramref name="work"/> in one transaction; <paramref name="what"/> names the change for the error message.</summary>
    public static async Task<T> WriteAsync<T>(this Database database, string what, Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await database.InTransactionAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw AdminErrors.Database(what, ex);
        }
    }
}
