using System.Xml.Linq;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ApiStudio.Studio.SignIn;

/// <summary>
/// Keeps the keys that protect the studio's session cookie and antiforgery tokens in the system database's
/// <c>settings</c> table (as the token signing key is): a session survives a restart, and every host on one database
/// reads the others' cookies.
/// </summary>
/// <remarks>
/// ASP.NET Core asks synchronously, and only when it loads or rotates its key ring (at start and about once a day),
/// never per request: waiting on the database there costs nothing a request feels.
/// </remarks>
public sealed class DatabaseKeyRepository(Database database) : IXmlRepository
{
    /// <summary>Prefix of the settings keys that hold the keys.</summary>
    public const string Prefix = "studio.keys.";

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        database.ReadAsync(db => SettingMapper.ValuesWithPrefixAsync(db, Prefix)).GetAwaiter().GetResult()
            .Select(XElement.Parse).ToList();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName) =>
        database.InTransactionAsync(db => SettingMapper.SetAsync(db, Prefix + friendlyName, element.ToString(SaveOptions.DisableFormatting)))
            .GetAwaiter().GetResult();
}
