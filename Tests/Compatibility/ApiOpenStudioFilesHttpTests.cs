using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Compatibility;

/// <summary>
/// ApiOpenStudio's own test resources (<c>Resources/ApiOpenStudio</c>, copied unchanged from its repository) imported
/// through the admin API of a real host and called over HTTP: each imports (or is refused with a 4xx where ApiOpenStudio
/// refuses it too, or where it uses a processor ApiOpenStudio has since removed), and no call answers with a 5xx.
/// Where ApiOpenStudio's own tests say what a file answers, the answer is compared.
/// </summary>
public class ApiOpenStudioFilesHttpTests
{
    private const string Core = "api/apistudio/core/";

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Resources", "ApiOpenStudio");

    /// <summary>Files refused at import, and why.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        // Written to be refused: ApiOpenStudio's own tests expect an error for each.
        ["resourceBadMax.yaml"] = "an input given more values than its cardinality allows",
        ["resourceBadMin.yaml"] = "an input given fewer values than its cardinality needs",
        ["resourceFunctionNoId.yaml"] = "a processor node without an id",
        ["resourceIdenticalId.yaml"] = "two nodes with the same id",
        ["resourceNoDescription.yaml"] = "no description",
        ["resourceNoMethod.yaml"] = "no method",
        ["resourceNoName.yaml"] = "no name",
        ["resourceNoProcess.yaml"] = "no process",
        ["resourceNoTtl.yaml"] = "no ttl",
        ["resourceNoUri.yaml"] = "no uri",
        ["resourceTtl-1.yaml"] = "a negative ttl",
        ["resourceRequireFuncType.yaml"] = "a literal where a processor node is required",
        ["resourceOutputString.yaml"] = "an output that is neither response nor an output node",
        ["resourceOutputAssocArr.yaml"] = "an output that is neither response nor an output node",
        ["resourceOutputEmptyFunc.yaml"] = "an output node without a processor",
        // Refused here, though ApiOpenStudio imports them: its duplicate-id check misses nodes nested in lists, ours
        // walks the whole tree.
        ["doWhileComparison.yaml"] = "two nodes with the same id",
        ["sequence1.yaml"] = "two nodes with the same id",
        // Inputs the current ApiOpenStudio processors no longer declare (email message, xml destination and method).
        ["resourceGood.yaml"] = "inputs ApiOpenStudio's processors no longer declare",
        // Literal attributes are checked when published; ApiOpenStudio answers 400 when called.
        ["varObjectArrayTest1.yaml"] = "attributes that are not key/value pairs",
        // Application 1 is ApiOpenStudio's (and our) core: its uri is a core resource's, which an import never replaces.
        ["resourceAccountNoAccess.yaml"] = "the identity of a core resource",
        // Processors ApiOpenStudio itself has since removed.
        ["resourceArrayInput.yaml"] = "token_developer and processors_all, removed from ApiOpenStudio",
        ["resourceFragmentArray.yaml"] = "token_developer, removed from ApiOpenStudio",
        ["resourceFragmentGood.yaml"] = "token_developer and processors_all, removed from ApiOpenStudio",
        ["resourceFragmentString.yaml"] = "token_developer, removed from ApiOpenStudio",
        ["urlAuthBasic.yaml"] = "token_consumer, removed from ApiOpenStudio",
        ["urlAuthDigest.yaml"] = "token_consumer, removed from ApiOpenStudio",
    };

    private TestHost _host = null!;
    private SmtpSink _mail = null!;
    private string _admin = null!;
    private string _tester = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _mail = SmtpSink.Start();
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Email:Host"] = "127.0.0.1",
            ["ApiStudio:Email:Port"] = _mail.Port.ToString(CultureInfo.InvariantCulture),
            ["ApiStudio:Email:From"] = "api@example.com",
        });
        var (accid, appid) = Application(_host, "examples", "demo");
        Assert.That(appid, Is.EqualTo(2), "ApiOpenStudio's files name application 2");
        await CreateUserAsync(_host, "aos-tester", (Roles.Developer, accid, appid), (Roles.Consumer, accid, appid),
            (Roles.ApplicationManager, accid, appid), (Roles.AccountManager, accid, null));
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        _tester = (string)(await LoginAsync(_host, "aos-tester"))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _mail.DisposeAsync();
    }

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Files))]
    public async Task Each_file_imports_and_answers_without_a_server_error(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Folder, file));
        var imported = await Import(text);
        if (Refused.TryGetValue(file, out var why))
        {
            Assert.That((int)imported.Status, Is.InRange(400, 499), $"refused for {why}: {imported.Body}");
            return;
        }
        Assert.That(imported.Status, Is.EqualTo(HttpStatusCode.OK), imported.Body);
        var stored = (Map)imported.Data!;
        try
        {
            var reply = await Call((string)stored["method"]!, (string)stored["uri"]!, null);
            Assert.That((int)reply.Status, Is.LessThan(500), reply.Body);
        }
        finally
        {
            await Send(HttpMethod.Delete, Core + $"resource/{stored["resid"]}", _admin);
        }
    }

    /// <summary>What ApiOpenStudio's own tests expect of some files: the request's query and the answer's data.</summary>
    private static IEnumerable<TestCaseData> Answers()
    {
        yield return new TestCaseData("fragment.yaml", "val1=1&val2=2&val3=3", "123145");
        yield return new TestCaseData("fragment.yaml", "val1=one.&val2=two.&val3=three.", "one.two.three.one.45");
        yield return new TestCaseData("concatenateStrings.yaml", "", "field1field2field3");
        yield return new TestCaseData("concatenateStringsNumbers.yaml", "", "field1field2field345.6");
        yield return new TestCaseData("varGet.yaml", "value=text", "text");
        yield return new TestCaseData("varField.yaml", "", new Map { ["my_test_var"] = "my_test_val" });
        yield return new TestCaseData("varObjectFieldsComplexTest.yaml", "", new Map
        {
            ["key1"] = new Map { ["key1_1"] = "value1_1" }, ["key2"] = "field2", ["key3"] = "field3", ["key4"] = "field4",
        });
        yield return new TestCaseData("ifThenElseSimple.yaml", "lhs=10&rhs=10&operator=%3D%3D", new List<object?> { "This is true" });
        yield return new TestCaseData("ifThenElseSimple.yaml", "lhs=0&rhs=10&operator=%3D%3D", new List<object?> { "This is false" });
    }

    [TestCaseSource(nameof(Answers))]
    public async Task A_file_answers_as_ApiOpenStudio_tests_expect(string file, string query, object expected)
    {
        var imported = await Import(await File.ReadAllTextAsync(Path.Combine(Folder, file)));
        Assert.That(imported.Status, Is.EqualTo(HttpStatusCode.OK), imported.Body);
        var stored = (Map)imported.Data!;
        try
        {
            var reply = await Call((string)stored["method"]!, (string)stored["uri"]!, query);
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
            Assert.That(reply.Data, Is.EqualTo(expected));
        }
        finally
        {
            await Send(HttpMethod.Delete, Core + $"resource/{stored["resid"]}", _admin);
        }
    }

    private Task<Reply> Import(string yaml) => SendAsync(_host,
        new HttpRequestMessage(HttpMethod.Post, Core + "resource/import") { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") },
        _admin);

    private Task<Reply> Call(string method, string uri, string? query) =>
        Send(new HttpMethod(method.ToUpperInvariant()), $"api/examples/demo/{uri}" + (string.IsNullOrEmpty(query) ? "" : "?" + query), _tester);

    private Task<Reply> Send(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAsync(_host, request);
    }
}
