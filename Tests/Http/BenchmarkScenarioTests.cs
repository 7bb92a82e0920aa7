using System.Globalization;
using System.Net;
using System.Text;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Testing;
using ApiStudio.Studio.Cli;
using ApiStudio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Http;

/// <summary>
/// The resources of the HTTP benchmark (Tests/Benchmarks/Http, with the shipped greeting) imported as the benchmark
/// script imports them and served by a real host: they answer exactly what the hand-written baseline answers (the
/// script refuses to measure otherwise) and refuse bad input as the baseline does.
/// </summary>
public class BenchmarkScenarioTests
{
    private static readonly string Scenarios = TestHost.RepositoryFolder("Tests/Benchmarks/Http");
    private string _data = null!;
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _data = Path.Combine(Path.GetTempPath(), $"apistudio-bench-data-{Guid.NewGuid():N}.db");
        await using (var connection = new SqliteConnection($"Data Source={_data}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(Scenarios, "items.sql"));
            await command.ExecuteNonQueryAsync();
        }
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Sql:Connections:default:Provider"] = "sqlite",
            ["ApiStudio:Sql:Connections:default:ConnectionString"] = $"Data Source={_data}",
            ["ApiStudio:Sql:Connections:default:Applications:0"] = "bench/http",
        });
        var importer = new ResourceImporter(_host.Registry, _host.Services.GetRequiredService<Database>())
        {
            Target = ("bench", "http"),
            CreateApplications = true,
        };
        foreach (var file in Directory.EnumerateFiles(Scenarios, "*.yaml").Append(TestHost.RepositoryFolder("resources/examples/greeting.yaml")))
        {
            var imported = await importer.ImportAsync(file, CancellationToken.None);
            Assert.That(imported.Problems, Is.Empty, file);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_data);
    }

    private Task<Reply> Order(string json) =>
        _host.SendAsync(HttpMethod.Post, "api/bench/http/order", new StringContent(json, Encoding.UTF8, "application/json"));

    [Test]
    public async Task The_greeting_answers_the_name()
    {
        var reply = await _host.GetAsync("api/bench/http/greeting?name=Ada");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"Hello, Ada!"}""")));
    }

    [Test]
    public async Task The_order_is_validated_and_totalled()
    {
        var reply = await Order("""{"customer":"Ada","price":2.5,"qty":3}""");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":{"customer":"Ada","total":7.5}}""")));
    }

    [TestCase("""{"customer":"Ada","price":2.5,"qty":1.5}""", "qty")]
    [TestCase("""{"customer":"Ada","price":"cheap","qty":3}""", "price")]
    [TestCase("""{"price":2.5,"qty":3}""", "customer")]
    public async Task A_bad_order_is_400_naming_the_field(string json, string node)
    {
        var reply = await Order(json);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.StartWith($$"""{"result":"error","data":{"id":"{{node}}","""));
    }

    [Test]
    public async Task Items_answers_the_ten_rows_after_the_id_given()
    {
        var rows = Enumerable.Range(41, 10).Select(id =>
            string.Create(CultureInfo.InvariantCulture, $$"""{"id":{{id}},"name":"Item {{id}}","price":{{id + 0.25 * (1 + id % 3)}}}"""));
        var reply = await _host.GetAsync("api/bench/http/items?after=40");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, $$"""{"result":"ok","data":[{{string.Join(',', rows)}}]}""")));
        Assert.That((await _host.GetAsync("api/bench/http/items?after=995")).Json["data"], Has.Count.EqualTo(5));
    }

    [TestCase("", "after")]
    [TestCase("?after=forty", "after")]
    public async Task Items_without_an_integer_after_is_400(string query, string node)
    {
        var reply = await _host.GetAsync($"api/bench/http/items{query}");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.StartWith($$"""{"result":"error","data":{"id":"{{node}}","""));
    }

    [Test]
    public async Task The_examples_of_the_scenarios_pass()
    {
        var failures = new List<string>();
        var examples = 0;
        foreach (var published in _host.Registry.Routes.Resources.Where(r => r.Resource.Account == "bench"))
        {
            foreach (var example in ResourceExample.Parse(published.Resource.Document.Tests, failures))
            {
                examples++;
                failures.AddRange(await ExampleRunner.RunAsync(_host.Client, "api", published.Resource, wrap: true, example));
            }
        }
        Assert.That(examples, Is.GreaterThanOrEqualTo(5));
        Assert.That(failures, Is.Empty);
    }
}
