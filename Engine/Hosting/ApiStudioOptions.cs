using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Queue;
using ApiStudio.Engine.Scripting;

namespace ApiStudio.Engine.Hosting;

/// <summary>
/// The configuration section <c>ApiStudio</c>: appsettings.json, environment variables
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

    /// <summary>Memory the result cache of GET resources with a ttl may use, in bytes.</summary>
    public long ResultCacheBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Host-wide default rate limits (an application's <c>rate_limit</c> setting overrides them).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Throttling of failed sign-ins and token refreshes (<c>ApiStudio:SignIn</c>).</summary>
    public SignInOptions SignIn { get; set; } = new();

    /// <summary>The data connections of the <c>sql</c> processor.</summary>
    public SqlOptions Sql { get; set; } = new();

    /// <summary>The SMTP server of the <c>email</c> processor.</summary>
    public EmailOptions Email { get; set; } = new();

    /// <summary>How this host hears of changes made by other hosts on the same database.</summary>
    public ChangeOptions Changes { get; set; } = new();

    /// <summary>What one request may use: its time and memory budgets.</summary>
    public BudgetOptions Budget { get; set; } = new();

    /// <summary>Event scripts: the JavaScript engine's limits and which trusted engines are allowed.</summary>
    public ScriptingOptions Scripting { get; set; } = new();

    /// <summary>The durable job queue: workers, job defaults, retention.</summary>
    public QueueOptions Queue { get; set; } = new();
}

/// <summary>
/// The budgets of every request to a published resource (nested <c>resource_call</c>s included): past its time
/// budget a request ends with HTTP 500, past its memory budget with HTTP 507, both with error code 0.
/// </summary>
public sealed class BudgetOptions
{
    /// <summary>Seconds one request may take.</summary>
    public double TimeSeconds { get; set; } = EvaluationOptions.Default.TimeBudget.TotalSeconds;

    /// <summary>Estimated bytes of the values one request may build.</summary>
    public long MemoryBytes { get; set; } = EvaluationOptions.Default.MemoryBudgetBytes;

    /// <summary>The evaluation options of a request under these budgets.</summary>
    public EvaluationOptions Apply(EvaluationOptions options) => options with
    {
        TimeBudget = TimeSpan.FromSeconds(TimeSeconds),
        MemoryBudgetBytes = MemoryBytes,
    };
}

/// <summary>
/// How a host keeps its route table in step with the other hosts on the same database: PostgreSQL pushes
/// notifications; SQLite is polled.
/// </summary>
public sealed class ChangeOptions
{
    /// <summary>SQLite: seconds between two looks at the change counter.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>PostgreSQL: seconds before the first attempt to reconnect the listening connection (doubled per failure).</summary>
    public double ReconnectSeconds { get; set; } = 1;

    /// <summary>PostgreSQL: the longest wait between two reconnection attempts.</summary>
    public double MaxReconnectSeconds { get; set; } = 30;

    /// <summary>PostgreSQL: seconds without a notification after which the listening connection is checked with a query.</summary>
    public double ProbeSeconds { get; set; } = 30;
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

    /// <summary>Largest response body an outbound call reads, in bytes (an error above).</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most redirects an outbound call follows (each hop is checked against <see cref="AllowedHosts"/>).</summary>
    public int MaxRedirects { get; set; } = 5;
}

/// <summary>
/// Data connections of the <c>sql</c> processor, by name (<c>ApiStudio:Sql:Connections:{name}:Provider|ConnectionString</c>).
/// The connection <c>default</c> is an embedded SQLite file, separate from the system database, unless configured.
/// </summary>
public sealed class SqlOptions
{
    /// <summary>The name of the connection used when a node names none.</summary>
    public const string DefaultConnection = "default";

    /// <summary>The connection string of the default connection when it is not configured: a SQLite file per application.</summary>
    public const string DefaultConnectionString = "Data Source=data/sql/app-{appid}.db";

    /// <summary>Connections by name; each has a provider (<c>sqlite</c> | <c>postgres</c>), a connection string and who may use it.</summary>
    public Dictionary<string, SqlConnectionOptions> Connections { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seconds a query may run.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Most rows a query may return (an error above, never a silent cut).</summary>
    public int MaxRows { get; set; } = 10_000;
}

/// <summary>
/// One data connection of the <c>sql</c> processor. A connection string with <c>{appid}</c>, <c>{application}</c>,
/// <c>{accid}</c> or <c>{account}</c> is a database per application; without them it is one database shared by the
/// <see cref="Applications"/> listed.
/// </summary>
public sealed class SqlConnectionOptions
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string, with placeholders for a database per application.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The applications that share a connection without placeholders: <c>account/application</c>, <c>account/*</c> or <c>*</c>.</summary>
    public List<string> Applications { get; set; } = [];
}

/// <summary>The SMTP server used by the <c>email</c> processor; no host = e-mail is not configured.</summary>
public sealed class EmailOptions
{
    /// <summary>SMTP host name.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port.</summary>
    public int Port { get; set; } = 25;

    /// <summary>The default sender address.</summary>
    public string? From { get; set; }

    /// <summary>User name for SMTP authentication (none when empty).</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP authentication (a secret: never logged or returned).</summary>
    public string? Password { get; set; }

    /// <summary>Use TLS (STARTTLS).</summary>
    public bool EnableSsl { get; set; }

    /// <summary>Seconds a send may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Rate limits of published resources; 0 = no limit.</summary>
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

/// <summary>
/// Throttling of failed sign-ins per user name and per client address: after some failures each further attempt
/// waits a doubling delay, then the name or address is locked out for a while. A limit of 0 turns that step off.
/// </summary>
public sealed class SignInOptions
{
    /// <summary>Failures of one user name before further attempts must wait.</summary>
    public int UserDelayAfter { get; set; } = 5;

    /// <summary>Failures of one user name that lock it out.</summary>
    public int UserLockoutAfter { get; set; } = 10;

    /// <summary>Failures from one client address (any user names, refreshes too) before further attempts must wait.</summary>
    public int AddressDelayAfter { get; set; } = 20;

    /// <summary>Failures from one client address that lock it out.</summary>
    public int AddressLockoutAfter { get; set; } = 50;

    /// <summary>Longest delay between attempts before a lockout (the delay doubles per failure from 1 s).</summary>
    public int MaxDelaySeconds { get; set; } = 60;

    /// <summary>Length of the first lockout; each further lockout of the same name or address doubles it (at most a day).</summary>
    public int LockoutSeconds { get; set; } = 900;

    /// <summary>Failures are forgotten this long after the last one (or after the lockout ends).</summary>
    public int WindowSeconds { get; set; } = 900;

    /// <summary>Most user names and addresses tracked at once; beyond that the least recently used are dropped first.</summary>
    public int MaxTracked { get; set; } = 100_000;
}
