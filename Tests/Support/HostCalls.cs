using System.Net;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Support;

/// <summary>An HTTP answer read in full: status, body as text and bytes, and the response for its headers.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The body as UTF-8 text.</param>
/// <param name="Bytes">The body's bytes.</param>
/// <param name="Response">The response (headers, content headers).</param>
public sealed record Reply(HttpStatusCode Status, string Body, byte[] Bytes, HttpResponseMessage Response)
{
    /// <summary>The media type of the body (no parameters), or null.</summary>
    public string? MediaType => Response.Content.Headers.ContentType?.MediaType;

    /// <summary>The body parsed as a JSON object.</summary>
    public Map Json => (Map)PlainJson.Parse(Body)!;

    /// <summary>The <c>data</c> member of a wrapped envelope.</summary>
    public object? Data => Json["data"];

    /// <summary>A response or content header's values joined with ", ", or null when absent.</summary>
    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}

/// <summary>
/// What HTTP tests do with a <see cref="TestHost"/>: start it with the test plugins (call counter, unexpected failure,
/// header-based security), create applications with settings, publish resources, and send requests.
/// </summary>
public static class HostCalls
{
    /// <summary>The folder the tests' own processor plugin is built into.</summary>
    public static string TestPluginsFolder => Path.Combine(AppContext.BaseDirectory, "host-plugins");

    /// <summary>Starts a host whose catalogue also holds the tests' plugin processors.</summary>
    public static Task<TestHost> StartWithTestPluginsAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["ApiStudio:PluginsPath"] = TestPluginsFolder };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return TestHost.StartAsync(all);
    }

    /// <summary>Creates an application (and its account when new) with <paramref name="settings"/> and serves it.</summary>
    public static async Task CreateApplicationAsync(this TestHost host, string account, string application,
        ApplicationSettings? settings = null)
    {
        await host.Database.Database.InTransactionAsync(async db =>
        {
            var owner = await AccountMapper.FindByNameAsync(db, account) ?? await AccountMapper.CreateAsync(db, account);
            await ApplicationMapper.CreateAsync(db, owner.Accid, application, (settings ?? ApplicationSettings.Default).ToJson());
        });
        await host.Registry.ReloadApplicationsAsync();
    }

    /// <summary>Publishes a resource whose <c>process</c> (and optional extra header lines) is given as YAML.</summary>
    public static Task<ResourceRow> PublishAsync(this TestHost host, string account, string application, string method,
        string uri, string processYaml, long ttl = 0, string extra = "") =>
        host.Registry.SaveAsync(Document(account, application, method, uri, processYaml, ttl, extra), DocumentFormat.Yaml,
            $"{method}-{uri.Replace('/', '-')}.yaml");

    /// <summary>A resource document.</summary>
    public static string Document(string account, string application, string method, string uri, string processYaml,
        long ttl = 0, string extra = "")
    {
        var process = string.Join("\n", processYaml.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(line => "  " + line));
        var header = extra.Length == 0 ? "" : extra.Replace("\r\n", "\n").TrimEnd() + "\n";
        return $"name: {method} {uri}\ndescription: Written by a test.\naccount: {account}\napplication: {application}\n"
            + $"uri: {uri}\nmethod: {method}\nttl: {ttl}\n{header}process:\n{process}\n";
    }

    /// <summary>Saves an event script of application <paramref name="appid"/> and serves it; returns its id.</summary>
    public static async Task<long> AddScriptAsync(this TestHost host, long appid, ScriptData script)
    {
        var row = await host.Database.Database.InTransactionAsync(db => ScriptMapper.CreateAsync(db, appid, script, null));
        await host.Registry.ReloadScriptsAsync();
        return row.Sid;
    }

    /// <summary>Deletes every event script of application <paramref name="appid"/>.</summary>
    public static async Task RemoveScriptsAsync(this TestHost host, long appid)
    {
        await host.Database.Database.InTransactionAsync(async db =>
        {
            foreach (var row in await ScriptMapper.ForApplicationAsync(db, appid))
            {
                await ScriptMapper.DeleteAsync(db, row.Sid);
            }
            return true;
        });
        await host.Registry.ReloadScriptsAsync();
    }

    /// <summary>Sends a request and reads the whole answer.</summary>
    public static async Task<Reply> SendAsync(this TestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await host.Client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return new Reply(response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes), bytes, response);
        }
    }

    /// <summary>Sends a request with the given method, path, headers and optional content.</summary>
    public static Task<Reply> SendAsync(this TestHost host, HttpMethod method, string path, HttpContent? content = null,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return host.SendAsync(request);
    }

    /// <summary>GET with optional headers.</summary>
    public static Task<Reply> GetAsync(this TestHost host, string path, params (string Name, string Value)[] headers) =>
        host.SendAsync(HttpMethod.Get, path, null, headers);
}
