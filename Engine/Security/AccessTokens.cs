using ApiStudio.Engine.Values;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApiStudio.Engine.Security;

/// <summary>What an access token says: the user, the roles granted when it was issued, and its lifetime.</summary>
/// <param name="Uid">User id (claims <c>sub</c> and <c>uid</c>).</param>
/// <param name="Username">User name (claim <c>name</c>).</param>
/// <param name="Roles">Role grants (claim <c>roles</c>: <c>[{role, accid, appid}]</c>).</param>
/// <param name="IssuedAt">Issue time.</param>
/// <param name="Expires">Expiry time.</param>
public sealed record AccessTokenClaims(long Uid, string Username, IReadOnlyList<RoleGrant> Roles, DateTimeOffset IssuedAt, DateTimeOffset Expires);

/// <summary>Why an access token was refused.</summary>
public enum TokenFailure
{
    /// <summary>The token is valid.</summary>
    None,

    /// <summary>No token was given.</summary>
    Missing,

    /// <summary>Not a signed JWT of this host (malformed, wrong signature, issuer, audience or algorithm).</summary>
    Invalid,

    /// <summary>Correctly signed, but expired (or not valid yet).</summary>
    Expired,
}

/// <summary>The outcome of reading a token: its claims, or why it was refused.</summary>
/// <param name="Claims">The claims when the token is valid (also for an expired token when the lifetime is not checked).</param>
/// <param name="Failure">Why the token was refused.</param>
public readonly record struct TokenCheck(AccessTokenClaims? Claims, TokenFailure Failure)
{
    /// <summary>True when the token was accepted.</summary>
    public bool IsValid => Failure == TokenFailure.None;
}

/// <summary>
/// Access tokens: compact JWS signed with HMAC-SHA256 (<c>JsonWebTokenHandler</c>). Pure functions of key, settings and
/// time, so they are tested without a host. Only HS256 is accepted when reading (no <c>alg: none</c>, no algorithm
/// confusion), and issuer and audience must match.
/// </summary>
public static class AccessTokens
{
    /// <summary>Longest token read; anything longer is refused before it is parsed.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>Tolerated clock difference between hosts when checking expiry.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header value (scheme case-insensitive), or null.</summary>
    public static string? FromAuthorization(string? header)
    {
        const string Scheme = "Bearer ";
        var text = header?.Trim();
        if (text is null || text.Length <= Scheme.Length || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = text[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Creates a signed token for <paramref name="claims"/>.</summary>
    public static string Create(SecurityKey key, string issuer, string audience, AccessTokenClaims claims)
    {
        var roles = new List<object?>(claims.Roles.Count);
        foreach (var grant in claims.Roles)
        {
            roles.Add(new Map { ["role"] = grant.Role, ["accid"] = grant.Accid, ["appid"] = grant.Appid });
        }
        var payload = new Map
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = claims.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["uid"] = claims.Uid,
            ["name"] = claims.Username,
            ["roles"] = roles,
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["nbf"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = claims.Expires.ToUnixTimeSeconds(),
            ["jti"] = Secrets.NewToken(16),
        };
        return Handler.CreateToken(PlainJson.Serialize(payload), new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
    }

    /// <summary>
    /// Verifies signature, algorithm, issuer and audience, then (unless <paramref name="checkLifetime"/> is false, as
    /// for a refresh) the lifetime against <paramref name="now"/>.
    /// </summary>
    public static TokenCheck Read(SecurityKey key, string issuer, string audience, string? token, bool checkLifetime, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new TokenCheck(null, TokenFailure.Missing);
        }
        if (token.Length > MaxTokenLength)
        {
            return new TokenCheck(null, TokenFailure.Invalid);
        }
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Lifetime is checked below against the caller's clock (testable, and skippable for a refresh).
            ValidateLifetime = false,
        };
        TokenValidationResult result;
        try
        {
            result = Handler.ValidateToken(token, parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or SecurityTokenException or Newtonsoft.Json.JsonException)
        {
            return new TokenCheck(null, TokenFailure.Invalid);
        }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return new TokenCheck(null, TokenFailure.Invalid);
        }
        var claims = ClaimsOf(jwt);
        if (claims is null)
        {
            return new TokenCheck(null, TokenFailure.Invalid);
        }
        if (checkLifetime && (claims.Expires + ClockSkew <= now || claims.IssuedAt - ClockSkew > now))
        {
            return new TokenCheck(claims, TokenFailure.Expired);
        }
        return new TokenCheck(claims, TokenFailure.None);
    }

    /// <summary>The claims of a verified token, or null when one is missing or of the wrong type.</summary>
    private static AccessTokenClaims? ClaimsOf(JsonWebToken jwt)
    {
        if (!PlainJson.TryParse(Base64UrlEncoder.Decode(jwt.EncodedPayload), out var parsed) || parsed is not Map payload
            || payload.GetValueOrDefault("uid") is not long uid || payload.GetValueOrDefault("name") is not string name
            || payload.GetValueOrDefault("iat") is not long issuedAt || payload.GetValueOrDefault("exp") is not long expires)
        {
            return null;
        }
        var roles = new List<RoleGrant>();
        if (payload.GetValueOrDefault("roles") is List<object?> grants)
        {
            foreach (var item in grants)
            {
                if (item is Map grant && grant.GetValueOrDefault("role") is string role)
                {
                    roles.Add(new RoleGrant(role, grant.GetValueOrDefault("accid") as long?, grant.GetValueOrDefault("appid") as long?));
                }
            }
        }
        return new AccessTokenClaims(uid, name, roles, DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expires));
    }
}
