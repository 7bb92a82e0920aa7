using System.Text;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Studio.Cli;
using ApiStudio.Studio.Hosting;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApiStudio.Benchmarks;

/// <summary>
/// One request of each scenario of the HTTP benchmark (Tests/Benchmarks/http-bench.sh) through the host's request
/// handler, in process and without sockets: what ApiStudio itself costs per request, time and allocation, on top of
/// Kestrel. The host is the real one (StudioApp, a SQLite system database, the resources of Tests/Benchmarks/Http
/// imported as the CLI imports them), only the HTTP connection is a <see cref="DefaultHttpContext"/>.
/// </summary>
[Config(typeof(ShortConfig))]
public class RequestPipelineBenchmarks
{
    /// <summary>The trivial pre-process script of the scripted greeting (the HTTP benchmark imports the same file).</summary>
    private const string ScriptName = "http.scripted.get.pre_process";

    private static readonly byte[] OrderBody = Encoding.UTF8.GetBytes("""{"customer":"Ada","price":2.5,"qty":3}""");
    private string _directory = null!;
    private WebApplication _app = null!;
    private ApiRequestHandler _handler = null!;
    private string _itemsConnection = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("apistudio-bench-").FullName;
        var http = Path.Combine(AppContext.BaseDirectory, "Http");
        var data = Path.Combine(_directory, "data.db");
        _itemsConnection = $"Data Source={data}";
        await using (var connection = new SqliteConnection($"Data Source={data}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(http, "items.sql"));
            await command.ExecuteNonQueryAsync();
        }
        var settings = new Dictionary<string, string?>
        {
            ["ApiStudio:Database:Provider"] = "sqlite",
            ["ApiStudio:Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "apistudio.db")}",
            ["ApiStudio:ResourcesPath"] = Path.Combine(_directory, "none"),
            ["ApiStudio:Admin:Password"] = "benchmark-password",
            ["ApiStudio:Sql:Connections:default:Provider"] = "sqlite",
            ["ApiStudio:Sql:Connections:default:ConnectionString"] = $"Data Source={data}",
            ["ApiStudio:Sql:Connections:default:Applications:0"] = "bench/http",
        };
        _app = await StudioApp.BuildAsync([], settings, NullLoggerProvider.Instance);
        var importer = new ResourceImporter(_app.Services.GetRequiredService<ResourceRegistry>(), _app.Services.GetRequiredService<Database>())
        {
            Target = ("bench", "http"),
            CreateApplications = true,
        };
        foreach (var file in Directory.EnumerateFiles(http, "*.yaml"))
        {
            var imported = await importer.ImportAsync(file, CancellationToken.None);
            BenchmarkResources.Expect(imported.Succeeded ? "" : string.Join("; ", imported.Problems), "", $"import of {file}");
        }
        _handler = _app.Services.GetRequiredService<ApiRequestHandler>();
        var registry = _app.Services.GetRequiredService<ResourceRegistry>();
        var appid = registry.FindApplication("bench", "http")!.Appid;
        var content = await File.ReadAllTextAsync(Path.Combine(http, "scripts", "bench", "http", ScriptName + ".js"));
        await _app.Services.GetRequiredService<Database>().InTransactionAsync(db => ScriptMapper.CreateAsync(db, appid,
            new ScriptData(ScriptName, ScriptEngines.JavaScript, content, true, false, null, null, null, null), null));
        await registry.ReloadScriptsAsync();

        BenchmarkResources.Expect(await AnswerOf(GreetingRequest()), """{"result":"ok","data":"Hello, Ada!"}""", "greeting");
        BenchmarkResources.Expect(await AnswerOf(ScriptedRequest()), """{"result":"ok","data":"Hello, Ada!"}""", "scripted greeting");
        BenchmarkResources.Expect(await AnswerOf(Get("scripted", "?name=Bob"), 400), """{"result":"error","data":{"id":"http.scripted.get.pre_process","code":400,"message":"no Bob"}}""",
            "scripted greeting refusing Bob");
        BenchmarkResources.Expect(await AnswerOf(OrderRequest()), """{"result":"ok","data":{"customer":"Ada","total":7.5}}""", "order");
        BenchmarkResources.Expect((await AnswerOf(ItemsRequest())).Split("\"id\":").Length - 1, 10, "rows of items");
        var planets = await AnswerOf(PlanetsRequest());
        BenchmarkResources.Expect(planets.Contains("\"Earth\""), true, "planets");
        var cached = PlanetsRequest();
        await AnswerOf(cached);
        BenchmarkResources.Expect(cached.Response.Headers["X-ApiStudio-Cache"].ToString(), "hit", "planets from the cache");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "greeting: GET with a query parameter")]
    public Task Greeting() => Handle(GreetingRequest());

    /// <summary>The greeting behind a trivial JavaScript pre-process script: the difference to <see cref="Greeting"/> is what a script costs.</summary>
    [Benchmark(Description = "greeting behind a JavaScript pre-process script")]
    public Task ScriptedGreeting() => Handle(ScriptedRequest());

    [Benchmark(Description = "order: POST of a JSON body")]
    public Task Order() => Handle(OrderRequest());

    [Benchmark(Description = "items: 10 rows from SQLite")]
    public Task Items() => Handle(ItemsRequest());

    /// <summary>The shipped planets example (ttl 3600): security, cache key and a cached answer, no evaluation.</summary>
    [Benchmark(Description = "planets: GET answered from the result cache")]
    public Task CachedPlanets() => Handle(PlanetsRequest());

    /// <summary>
    /// The work of the items scenario written by hand, as the baseline does it (open, query, typed rows, System.Text.Json):
    /// the difference to <see cref="Items"/> is what the engine adds to a query.
    /// </summary>
    [Benchmark(Description = "items by hand (no engine)")]
    public async Task<byte[]> ItemsByHand()
    {
        await using var connection = new SqliteConnection(_itemsConnection);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, price FROM items WHERE id > @after ORDER BY id LIMIT 10";
        command.Parameters.AddWithValue("@after", 40L);
        var items = new List<Item>(10);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new Item(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2)));
        }
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { result = "ok", data = items });
    }

    private sealed record Item(long id, string name, double price);

    private DefaultHttpContext GreetingRequest() => Get("greeting", "?name=Ada");

    private DefaultHttpContext ScriptedRequest() => Get("scripted", "?name=Ada");

    private DefaultHttpContext OrderRequest() => Post("order", OrderBody);

    private DefaultHttpContext ItemsRequest() => Get("items", "?after=40");

    private DefaultHttpContext PlanetsRequest() => Get("planets", "");

    private Task Handle(DefaultHttpContext http) => _handler.HandleAsync(http, "bench", "http", http.Request.Path.Value!["/api/bench/http/".Length..]);

    private DefaultHttpContext Get(string path, string query)
    {
        var http = NewContext(path);
        http.Request.Method = "GET";
        if (query.Length > 0)
        {
            http.Request.QueryString = new QueryString(query);
        }
        return http;
    }

    private DefaultHttpContext Post(string path, byte[] body)
    {
        var http = NewContext(path);
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body, writable: false);
        return http;
    }

    private DefaultHttpContext NewContext(string path)
    {
        var http = new DefaultHttpContext { RequestServices = _app.Services };
        http.Request.Path = "/api/bench/http/" + path;
        http.Response.Body = Stream.Null;
        return http;
    }

    /// <summary>The body the handler answers to <paramref name="http"/>; anything but 200 stops the run.</summary>
    private async Task<string> AnswerOf(DefaultHttpContext http, int status = 200)
    {
        var body = new MemoryStream();
        http.Response.Body = body;
        await Handle(http);
        BenchmarkResources.Expect(http.Response.StatusCode, status, $"status of {http.Request.Path}");
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
