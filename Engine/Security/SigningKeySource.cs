using System.Security.Cryptography;
using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApiStudio.Engine.Security;

/// <summary>
/// The HMAC key that signs access tokens: <c>ApiStudio:Jwt:SigningKey</c> when configured, else a random key
/// generated once and kept in the <c>settings</c> table, so every host on the same database signs alike. Loaded
/// once per host. The key is a secret: it is never logged and never returned.
/// </summary>
public sealed partial class SigningKeySource(Database database, IOptions<ApiStudioOptions> options, ILogger<SigningKeySource> logger)
{
    /// <summary>The <c>settings</c> key of a generated signing key.</summary>
    public const string SettingKey = "jwt_signing_key";

    /// <summary>Fewest key bytes accepted (HMAC-SHA256 wants at least its output size).</summary>
    public const int MinimumKeyBytes = 32;

    private Task<SymmetricSecurityKey>? _key;

    /// <summary>The signing key (read or generated on first use, then kept).</summary>
    public Task<SymmetricSecurityKey> GetAsync()
    {
        var key = Volatile.Read(ref _key);
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            // A failed load (database down) is retried by the next request instead of being remembered.
            key = LoadAsync();
            Volatile.Write(ref _key, key);
        }
        return key;
    }

    private async Task<SymmetricSecurityKey> LoadAsync()
    {
        var configured = options.Value.Jwt.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < MinimumKeyBytes)
            {
                LogShortKey(logger, MinimumKeyBytes);
                throw new ApiException($"The configured JWT signing key is too short: use at least {MinimumKeyBytes} bytes.",
                    ErrorCodes.Configuration, null, 500);
            }
            return new SymmetricSecurityKey(bytes);
        }
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var stored = await database.InTransactionAsync(db => SettingMapper.GetOrAddAsync(db, SettingKey, generated)).ConfigureAwait(false);
        if (stored == generated)
        {
            LogGenerated(logger);
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(stored));
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Generated a JWT signing key and stored it in the database (set ApiStudio:Jwt:SigningKey to use your own)")]
    private static partial void LogGenerated(ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "ApiStudio:Jwt:SigningKey is shorter than {Bytes} bytes: no token can be issued or checked")]
    private static partial void LogShortKey(ILogger logger, int bytes);
}
