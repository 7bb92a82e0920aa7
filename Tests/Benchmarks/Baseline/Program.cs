using System.Text.Json;
using Microsoft.Data.Sqlite;

// The hand-written baseline of the HTTP benchmark (Tests/Benchmarks/http-bench.sh): the same three scenarios as the
// resources of Tests/Benchmarks/Http, written the way a developer writes them by hand in an ASP.NET Core minimal API,
// answering byte for byte the same bodies (the script checks that before it measures).
//   dotnet baseline.dll seed <file> <sql>   runs the <sql> file (Tests/Benchmarks/Http/items.sql) on a SQLite file
//   dotnet baseline.dll --urls <url> --Data <file>
if (args is ["seed", var seedFile, var sqlFile])
{
    Seed(seedFile, sqlFile);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddConsole();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
var app = builder.Build();
var data = new SqliteConnectionStringBuilder { DataSource = app.Configuration["Data"] ?? "data.db", Mode = SqliteOpenMode.ReadWrite }.ToString();

// 1. Greeting from a query parameter.
app.MapGet("/api/bench/http/greeting", (string? name) =>
    Results.Json(new Envelope<string>("ok", $"Hello, {(string.IsNullOrEmpty(name) ? "world" : name)}!")));

// 2. A JSON body, validated (customer text, price a number, qty an integer) and transformed into customer and total.
app.MapPost("/api/bench/http/order", async (HttpRequest request) =>
{
    Order? order;
    try
    {
        order = await request.ReadFromJsonAsync<Order>();
    }
    catch (JsonException)
    {
        return Results.Json(new Envelope<string>("error", "The body is not a valid order."), statusCode: 400);
    }
    if (order is not { Customer.Length: > 0, Price: { } price, Qty: { } qty })
    {
        return Results.Json(new Envelope<string>("error", "customer, price and qty are required."), statusCode: 400);
    }
    return Results.Json(new Envelope<OrderTotal>("ok", new OrderTotal(order.Customer, price * qty)));
});

// 3. Ten rows from SQLite, after the id given in the query string.
app.MapGet("/api/bench/http/items", async (long after) =>
{
    await using var connection = new SqliteConnection(data);
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT id, name, price FROM items WHERE id > @after ORDER BY id LIMIT 10";
    command.Parameters.AddWithValue("@after", after);
    var items = new List<Item>(10);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        items.Add(new Item(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2)));
    }
    return Results.Json(new Envelope<List<Item>>("ok", items));
});

await app.RunAsync();
return 0;

static void Seed(string file, string sqlFile)
{
    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file }.ToString());
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = File.ReadAllText(sqlFile);
    command.ExecuteNonQuery();
}

internal sealed record Envelope<T>(string Result, T Data);

internal sealed record Order(string? Customer, double? Price, long? Qty);

internal sealed record OrderTotal(string Customer, double Total);

internal sealed record Item(long Id, string Name, double Price);
