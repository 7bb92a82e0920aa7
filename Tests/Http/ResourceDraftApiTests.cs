using System.Net;
using System.Text;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityKit;

namespace ApiStudio.Tests.Http;

/// <summary>
/// Drafts and publish over HTTP on a real host: a draft is never served, an invalid one is refused at publish with every
/// error while the published version keeps serving, stale revisions are 409, and only developers of the application reach drafts.
/// A new resource may exist only as a draft (POST resource/draft) until it is published; a draft says what publishing it
/// would break, and the publish answer warns of it.
/// </summary>
public class ResourceDraftApiTests
{
    private const string Base = "api/apistudio/core/";

    private static readonly string Pong =
        "name: Ping\ndescription: Answers.\naccount: examples\napplication: demo\nuri: draftping\nmethod: get\nttl: 0\nprocess: pong\n";

    private TestHost _host = null!;
    private string _admin = null!, _consumer = null!, _stranger = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        _admin = (string)(await LoginAsync(_host, "admin", TestHost.AdminPassword))["token"]!;
        // A Consumer of examples/demo, and the manager of another account.
        var (accid, appid) = Application(_host, "examples", "demo");
        await CreateUserAsync(_host, "draft_consumer", (Roles.Consumer, accid, appid));
        _consumer = (string)(await LoginAsync(_host, "draft_consumer", UserPassword))["token"]!;
        var other = await _host.Database.Database.InTransactionAsync(db => ApiStudio.Engine.Storage.Mappers.AccountMapper.CreateAsync(db, "elsewhere"));
        await CreateUserAsync(_host, "draft_stranger", (Roles.AccountManager, other.Accid, null));
        _stranger = (string)(await LoginAsync(_host, "draft_stranger", UserPassword))["token"]!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Text(HttpMethod method, string path, string text, string? token = null) =>
        SendAsync(_host, new HttpRequestMessage(method, Base + path) { Content = new StringContent(text, Encoding.UTF8, "application/yaml") },
            token ?? _admin);

    private Task<Reply> Json(HttpMethod method, string path, Map? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (body is not null)
        {
            request.Content = new StringContent(PlainJson.Serialize(body), Encoding.UTF8, "application/json");
        }
        return SendAsync(_host, request, token ?? _admin);
    }

    private static Map Data(Reply reply, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Body);
        return (Map)reply.Data!;
    }

    private async Task<long> Import(string uri) =>
        (long)Data(await Text(HttpMethod.Post, "resource/import", Pong.Replace("uri: draftping", $"uri: {uri}")))["resid"]!;

    private async Task<string> Served(string uri) => (await GetAsync(_host, $"api/examples/demo/{uri}")).Body;

    [Test]
    public async Task A_draft_is_not_served_an_invalid_one_is_refused_at_publish_and_a_valid_one_becomes_the_newest_version()
    {
        var resid = await Import("drafted");
        var invalid = Pong.Replace("uri: draftping", "uri: drafted").Replace("process: pong", "process: {processor: nope, id: n}").Replace("ttl: 0", "ttl: -1");
        Assert.That(Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", invalid))["revision"], Is.EqualTo(2L));
        Assert.That(await Served("drafted"), Is.EqualTo("""{"result":"ok","data":"pong"}"""));

        var refused = Data(await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 2L }), HttpStatusCode.BadRequest);
        var details = ((List<object?>)refused["details"]!).Cast<string>().ToList();
        Assert.That(details, Has.Some.Contains("'ttl'").And.Some.Contains("nope"));
        Assert.That(await Served("drafted"), Is.EqualTo("""{"result":"ok","data":"pong"}"""));

        var valid = Pong.Replace("uri: draftping", "uri: drafted").Replace("process: pong", "process: PONG");
        Assert.That(Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=2", valid))["revision"], Is.EqualTo(3L));
        Assert.That(Data(await Json(HttpMethod.Get, $"resource/draft/{resid}"))["document"], Is.EqualTo(valid));
        Assert.That(Data(await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 3L }))["version"], Is.EqualTo(2L));
        Assert.That(await Served("drafted"), Is.EqualTo("""{"result":"ok","data":"PONG"}"""));
        Assert.That((await Json(HttpMethod.Get, $"resource/draft/{resid}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var versions = (List<object?>)(await Json(HttpMethod.Get, $"resource/versions/{resid}")).Data!;
        Assert.That(versions.Select(v => ((Map)v!)["version"]), Is.EqualTo(new object?[] { 2L, 1L }));
    }

    [Test]
    public async Task A_stale_revision_is_409_naming_the_current_one_and_a_draft_can_be_discarded()
    {
        var resid = await Import("contested");
        var document = Pong.Replace("uri: draftping", "uri: contested");
        Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", document.Replace("pong", "first")));
        var stale = Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", document.Replace("pong", "second")), HttpStatusCode.Conflict);
        Assert.That(stale["message"], Does.Contain("revision 2"));
        Data(await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 1L }), HttpStatusCode.Conflict);
        Assert.That((await Json(HttpMethod.Delete, $"resource/draft/{resid}?revision=2")).Body, Is.EqualTo("""{"result":"ok","data":true}"""));
        Assert.That(await Served("contested"), Is.EqualTo("""{"result":"ok","data":"pong"}"""));
    }

    [Test]
    public async Task A_consumer_cannot_save_or_publish_and_another_account_sees_no_draft()
    {
        var resid = await Import("guarded");
        var document = Pong.Replace("uri: draftping", "uri: guarded");
        Assert.That((await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", document, _consumer)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", document));
        Assert.That((await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 2L }, _consumer)).Status,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Json(HttpMethod.Get, $"resource/draft/{resid}", token: _stranger)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_new_resource_created_as_a_draft_is_listed_as_draft_not_served_then_served_once_published()
    {
        var created = Data(await Text(HttpMethod.Post, "resource/draft", Pong.Replace("uri: draftping", "uri: newborn")));
        var resid = (long)created["resid"]!;
        Assert.That((created["revision"], created["status"]), Is.EqualTo((1L, "draft")));
        Assert.That((await GetAsync(_host, "api/examples/demo/newborn")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var (_, appid) = Application(_host, "examples", "demo");
        var listed = ((List<object?>)(await Json(HttpMethod.Get, $"resource?appid={appid}&uri=newborn")).Data!).Cast<Map>().Single();
        Assert.That((listed["resid"], listed["status"], listed["version"], listed["method"]), Is.EqualTo(((object?)resid, "draft", 0L, "get")));

        var published = Data(await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 1L }));
        Assert.That((published["version"], published["status"]), Is.EqualTo((1L, "published")));
        Assert.That(await Served("newborn"), Is.EqualTo("""{"result":"ok","data":"pong"}"""));
        Assert.That((await Json(HttpMethod.Delete, $"resource/{resid}")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync(_host, "api/examples/demo/newborn")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_unreadable_new_draft_needs_account_and_application_in_the_query_and_only_their_developers_create_one()
    {
        var refused = Data(await Text(HttpMethod.Post, "resource/draft", "name: [unclosed"), HttpStatusCode.BadRequest);
        Assert.That(refused["message"], Does.Contain("'account' and 'application'"));
        var created = Data(await Text(HttpMethod.Post, "resource/draft?account=examples&application=demo", "name: [unclosed"));
        Assert.That(created["load_error"], Is.Not.Null);
        Assert.That((await Json(HttpMethod.Delete, $"resource/draft/{created["resid"]}?revision=1")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Json(HttpMethod.Get, $"resource/{created["resid"]}")).Status, Is.EqualTo(HttpStatusCode.NotFound));

        var document = Pong.Replace("uri: draftping", "uri: uninvited");
        Assert.That((await Text(HttpMethod.Post, "resource/draft", document, _consumer)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Text(HttpMethod.Post, "resource/draft", document, _stranger)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_draft_lists_what_publishing_it_would_break_and_publishing_warns_of_it_without_refusing()
    {
        var document = Pong.Replace("uri: draftping", "uri: greet").Replace("process: pong",
            "process:\n  processor: var_get\n  id: who\n  key: who\n  nullable: true");
        var resid = (long)Data(await Text(HttpMethod.Post, "resource/import", document))["resid"]!;
        Data(await Text(HttpMethod.Put, $"resource/draft/{resid}?revision=1", document.Replace("method: get", "method: post")));
        var expected = new object?[] { "The method changed from GET to POST: clients still sending GET are refused." };
        Assert.That(Data(await Json(HttpMethod.Get, $"resource/draft/{resid}"))["breaking_changes"], Is.EqualTo(expected));
        var published = Data(await Json(HttpMethod.Post, $"resource/publish/{resid}", new Map { ["revision"] = 2L }));
        Assert.That(published["breaking_changes"], Is.EqualTo(expected));
        Assert.That((List<object?>)published["warnings"]!, Has.Some.StartsWith("Breaking change: The method changed"));
        Assert.That((await SendAsync(_host, new HttpRequestMessage(HttpMethod.Post, "api/examples/demo/greet"))).Status, Is.EqualTo(HttpStatusCode.OK));
    }
}
