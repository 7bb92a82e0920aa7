using System.Data.Common;
using ApiStudio.Engine.Storage;

namespace ApiStudio.Engine.Admin;

/// <summary>Admin writes: one transaction each; a database refusal becomes a clean error (code 2) without its SQL details.</summary>
internal static class AdminWrites
{
    /// <summary>Runs <paramref name="work"/> in one transaction; <paramref name="what"/> names the change for the error message.</summary>
    public static Task<T> WriteAsync<T>(this Database database, string what, Func<DbSession, Task<T>> work, CancellationToken cancellationToken) =>
        GuardedAsync(what, () => database.InTransactionAsync(work, cancellationToken));

    /// <summary>Runs a write another service makes in its own transaction; <paramref name="what"/> names it for the error message.</summary>
    public static async Task<T> GuardedAsync<T>(string what, Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw AdminErrors.Database(what, ex);
        }
    }
}
