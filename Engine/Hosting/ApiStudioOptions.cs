namespace ApiStudio.Engine.Hosting;

/// <summary>
/// The configuration section <c>ApiStudio</c> (SPEC §8a): appsettings.json, environment variables
/// (<c>ApiStudio__Database__Provider</c>) or the command line.
/// </summary>
public sealed class ApiStudioOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "ApiStudio";

    /// <summary>The system database.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The administrator created on first start.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Token settings.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The first path segment of published resources: <c>/{ApiBasePath}/{account}/{application}/{uri}</c>.</summary>
    public string ApiBasePath { get; set; } = "api";

    /// <summary>The folder of resources imported on first start (<c>core/</c> and <c>examples/</c>).</summary>
    public string ResourcesPath { get; set; } = "resources";

    /// <summary>The folder of processor plugins.</summary>
    public string PluginsPath { get; set; } = "plugins";

    /// <summary>Outbound HTTP (url processor, platform.api).</summary>
    public OutboundOptions Outbound { get; set; } = new();

    /// <summary>Largest accepted request body in bytes (413 above).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Host-wide default rate limits (an application's <c>rate_limit</c> setting overrides them).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Which database and where.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/apistudio.db";
}

/// <summary>The first administrator.</summary>
public sealed class AdminOptions
{
    /// <summary>User name of the administrator created on first start.</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>Password; when empty one is generated and printed once.</summary>
    public string? Password { get; set; }
}

/// <summary>Access and refresh token settings.</summary>
public sealed class JwtOptions
{
    /// <summary>HMAC signing key; generated and stored in the database on first start when empty.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Issuer (and, unless <see cref="Audience"/> is set, audience) of access tokens.</summary>
    public string Issuer { get; set; } = "apistudio";

    /// <summary>Audience of access tokens; empty = the issuer.</summary>
    public string? Audience { get; set; }

    /// <summary>Access token lifetime.</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>Refresh token lifetime.</summary>
    public int RefreshTokenDays { get; set; } = 14;
}

/// <summary>Outbound HTTP limits.</summary>
public sealed class OutboundOptions
{
    /// <summary>Hosts the url processor may call (exact names or <c>*.example.com</c>); empty = none.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Default timeout of an outbound call.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Rate limits of published resources (SPEC §8); 0 = no limit.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per window to one application, from all callers together; 0 = unlimited.</summary>
    public int Limit { get; set; }

    /// <summary>Requests per window to one application from one caller (user, else client address); 0 = unlimited.</summary>
    public int PerUserLimit { get; set; }

    /// <summary>Window length in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary><c>fixed</c> or <c>sliding</c> window.</summary>
    public string Kind { get; set; } = "fixed";

    /// <summary>Segments of a sliding window.</summary>
    public int Segments { get; set; } = 6;
}
