using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ApiStudio.Engine.Security;

/// <summary>Random secrets (refresh tokens, API keys) and the one-way hash under which they are stored.</summary>
public static class Secrets
{
    /// <summary>A new random secret: <paramref name="bytes"/> random bytes, base64url (URL- and header-safe).</summary>
    public static string NewToken(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256 of the secret, lower-case hex: what the database keeps instead of the secret.</summary>
    /// <remarks>A fast hash is right here (unlike passwords): the secrets are 256-bit random values, not guessable.</remarks>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
