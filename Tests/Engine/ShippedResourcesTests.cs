using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Engine;

/// <summary>The resources shipped in <c>resources/</c> load, validate and do what their descriptions say.</summary>
public class ShippedResourcesTests
{
    /// <summary>The <c>resources/</c> folder of the repository.</summary>
    internal static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiStudio.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory!.FullName, "resources");
    }

    /// <summary>The shipped resource files, relative to <see cref="Root"/>.</summary>
    internal static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Root(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root(), f))
            .Order(StringComparer.Ordinal);

    private static PreparedResource Example(string name) =>
        Planner.Prepare(ResourceLoader.LoadFile(Path.Combine(Root(), "examples", name)));

    private static async Task<DataContainer> Call(string name, ApiRequest request)
    {
        using var context = new EvaluationContext(request);
        return (await Example(name).ExecuteAsync(context)).Value;
    }

    [Test]
    public void Examples_are_shipped() => Assert.That(Files().Count(f => f.StartsWith("examples", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(4));

    [TestCaseSource(nameof(Files))]
    public void Every_shipped_resource_loads_and_validates(string file)
    {
        var document = ResourceLoader.LoadFile(Path.Combine(Root(), file));
        Assert.That(Planner.Validator.Validate(document).Select(e => e.ToString()), Is.Empty);
    }

    [Test]
    public async Task Greeting_greets_the_name_or_the_world()
    {
        Assert.That((await Call("greeting.yaml", Get(("name", "Ada")))).Data, Is.EqualTo("Hello, Ada!"));
        Assert.That((await Call("greeting.yaml", new ApiRequest())).Data, Is.EqualTo("Hello, world!"));
    }

    [Test]
    public async Task Calculator_evaluates_the_quadratic()
    {
        var value = await Call("calculator.yaml", Get(("a", "1"), ("b", "-3"), ("c", "2"), ("x", "4")));
        Assert.That(value.AsFloat(), Is.EqualTo(6.0));
    }

    [Test]
    public async Task Calculator_refuses_a_variable_that_is_not_a_number_naming_the_node()
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => Call("calculator.yaml", Get(("a", "one"), ("b", "0"), ("c", "0"), ("x", "1"))));
        Assert.That((ex!.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("a", ErrorCodes.InvalidInput, 400)));
        Assert.That(ex.Message, Is.EqualTo("Cannot cast text to float."));
    }

    [TestCase("1", "Monday")]
    [TestCase("7", "Sunday")]
    [TestCase("9", "No weekday has number 9")]
    public async Task Weekday_names_the_day(string day, string expected) =>
        Assert.That((await Call("weekday.yaml", new ApiRequest { UriArguments = [day] })).Data, Is.EqualTo(expected));

    [TestCase("2.5", "2", 5.0)]
    [TestCase("2", "10", 18.0)]
    public async Task Line_total_applies_the_bulk_discount(string price, string qty, double expected)
    {
        var request = new ApiRequest
        {
            Method = "post",
            Post = new Dictionary<string, object?> { ["price"] = price, ["qty"] = qty },
        };
        Assert.That((await Call("order_total.yaml", request)).AsFloat(), Is.EqualTo(expected).Within(1e-9));
    }
}
