using System.Diagnostics;
using System.Net;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Attacks;

/// <summary>
/// Hostile event scripts on a real host: endless loops, recursion, memory hogs, many slow scripts at once, reaching for
/// the CLR, the file system, the network or the host's secrets — each a clear error within its limit while other
/// requests keep their answers, and nothing secret in an answer or the log.
/// </summary>
public class ScriptAttackTests
{
    private TestHost _host = null!;
    private LogCapture _logs = null!;
    private UpstreamServer _allowed = null!;
    private UpstreamServer _internal = null!;
    private long _appid;

    [OneTimeSetUp]
    public async Task Start()
    {
        _allowed = await UpstreamServer.StartAsync();
        _internal = await UpstreamServer.StartAsync();
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Outbound:AllowedHosts:0"] = $"127.0.0.1:{_allowed.Port}",
            ["ApiStudio:Scripting:JavaScript:TimeoutSeconds"] = "0.5",
            ["ApiStudio:Scripting:JavaScript:MaxStatements"] = "100000000",
            ["ApiStudio:Scripting:JavaScript:MemoryBytes"] = $"{16 * 1024 * 1024}",
        });
        _logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        _appid = Application(_host, "examples", "demo").Appid;
        foreach (var name in new[] { "loop", "recursion", "hog", "slow", "reach", "secrets", "outbound", "internal" })
        {
            await PublishAsync(_host, $"""
                name: Target {name}
                description: A resource behind a hostile script.
                account: examples
                application: demo
                uri: hostile/{name}
                method: get
                ttl: 0
                process: untouched
                """);
        }
        await ScriptAsync("demo.hostile.loop.get.pre_process", "while (true) {}");
        await ScriptAsync("demo.hostile.recursion.get.pre_process", "function down(n) { return down(n + 1); }\ndown(0);");
        await ScriptAsync("demo.hostile.hog.get.pre_process", "const a = []; while (true) { a.push('x'.repeat(100000) + a.length); }");
        await ScriptAsync("demo.hostile.slow.get.pre_process", "const end = Date.now() + 20; while (Date.now() < end) {}");
        await ScriptAsync("demo.hostile.reach.get.post_process", """
            return [typeof System, typeof importNamespace, typeof require, typeof process, typeof fetch, typeof XMLHttpRequest,
              typeof eval === 'function' ? (() => { try { return eval('1'); } catch (e) { return 'refused'; } })() : 'none'];
            """);
        await ScriptAsync("demo.hostile.secrets.get.post_process", "return [platform.config, platform.session];");
        await ScriptAsync("demo.hostile.outbound.get.post_process", $"return platform.api.get('{_allowed.Url("json")}').content;");
        await ScriptAsync("demo.hostile.internal.get.post_process", $"return platform.api.get('{_internal.Url("json")}').content;");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
        await _internal.DisposeAsync();
        await _allowed.DisposeAsync();
    }

    private Task ScriptAsync(string name, string content) =>
        _host.AddScriptAsync(_appid, new ScriptData(name, "javascript", content, true, false, null, null, null, null));

    [TestCase("loop", "time limit of 0.5 s")]
    [TestCase("recursion", "recursed deeper")]
    [TestCase("hog", "memory limit")]
    public async Task A_runaway_script_ends_at_its_limit_and_the_host_keeps_serving(string name, string why)
    {
        var clock = Stopwatch.StartNew();
        var reply = await GetAsync(_host, $"api/examples/demo/hostile/{name}");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(reply.Body, Does.Contain($"demo.hostile.{name}.get.pre_process failed").And.Contain(why));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That((await GetAsync(_host, "api/examples/demo/planets")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_hundred_slow_scripts_at_once_each_finish_or_end_at_their_limit_and_a_plain_request_still_answers()
    {
        var alone = await GetAsync(_host, "api/examples/demo/hostile/slow");
        Assert.That(alone.Status, Is.EqualTo(HttpStatusCode.OK), alone.Body);
        var slow = Enumerable.Range(0, 100).Select(_ => GetAsync(_host, "api/examples/demo/hostile/slow")).ToList();
        var plain = await GetAsync(_host, "api/examples/demo/planets");
        Assert.That(plain.Status, Is.EqualTo(HttpStatusCode.OK));
        var replies = await Task.WhenAll(slow);
        // Each finishes, or — when the cores are shared by too many at once — ends at its own time limit, clearly.
        var refused = replies.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.That(refused.Select(r => (r.Status, r.Body.Contains("time limit of 0.5 s"))), Is.All.EqualTo((HttpStatusCode.InternalServerError, true)),
            refused.FirstOrDefault()?.Body);
        Assert.That(replies.Where(r => r.Status == HttpStatusCode.OK).Select(r => r.Body), Is.All.Contains("untouched"));
        Assert.That((await GetAsync(_host, "api/examples/demo/planets")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_clr_node_and_network_globals_are_not_there()
    {
        var reply = await GetAsync(_host, "api/examples/demo/hostile/reach");
        Assert.That(reply.Body, Is.EqualTo(
            """{"result":"ok","data":["undefined","undefined","undefined","undefined","undefined","undefined","refused"]}"""));
    }

    [Test]
    public async Task Platform_shows_no_secret_of_the_host()
    {
        var reply = await GetAsync(_host, "api/examples/demo/hostile/secrets");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.Body, Does.Contain("\"application\":\"demo\"").And.Not.Contain(TestHost.AdminPassword)
            .And.Not.Contain("ConnectionString").And.Not.Contain("Data Source").And.Not.Contain("signing"));
        Assert.That(_logs.Text, Does.Not.Contain(TestHost.AdminPassword));
    }

    [Test]
    public async Task Platform_api_reaches_only_the_hosts_of_the_outbound_allow_list()
    {
        var allowed = await GetAsync(_host, "api/examples/demo/hostile/outbound");
        Assert.That(allowed.Body, Is.EqualTo("""{"result":"ok","data":{"name":"Ada","n":3,"ok":true}}"""));
        var refused = await GetAsync(_host, "api/examples/demo/hostile/internal");
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Forbidden), refused.Body);
        Assert.That(_internal.Hits("/json"), Is.Zero);
    }
}
