using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Engine.Admin;

/// <summary>
/// Event scripts through <see cref="ScriptAdmin"/>: Developers of the application manage them, others are refused
/// (404 outside the application, 403 with a lesser role), input problems are listed at once and JavaScript that does
/// not parse is refused with its line.
/// </summary>
public class ScriptAdminTests : AdminWorld
{
    private ScriptAdmin Scripts => Services.GetRequiredService<ScriptAdmin>();

    private static ApiException Refused(Func<Task> call, int status)
    {
        var error = Assert.ThrowsAsync<ApiException>(async () => await call())!;
        Assert.That(error.HttpStatus, Is.EqualTo(status), error.Message);
        return error;
    }

    private ScriptInput Valid(string name) => new(Shop, name, "javascript", "if (!event.request.payload.name) throw new Error('name');");

    [Test]
    public async Task A_developer_creates_reads_lists_changes_and_deletes_a_script()
    {
        var created = await Scripts.CreateAsync(ShopDeveloper, Valid("shop.orders.{id}.get.pre_process"), CancellationToken.None);
        var sid = (long)created["sid"]!;
        Assert.That((created["is_active"], created["allow_event_modification"], created["version"], created["created_by"]),
            Is.EqualTo((true, false, 1L, (long?)ShopDeveloperUser.Uid)));
        var read = (Map)await Scripts.ReadAsync(ShopDeveloper, sid, null, CancellationToken.None);
        Assert.That(read["name"], Is.EqualTo("shop.orders.{id}.get.pre_process"));
        var listed = (List<object?>)await Scripts.ReadAsync(ShopManager, null, Shop, CancellationToken.None);
        Assert.That(listed.Cast<Map>().Select(s => s["sid"]), Does.Contain(sid));

        var changed = await Scripts.UpdateAsync(ShopDeveloper, sid, new ScriptInput(null, null, null, "return 1;", IsActive: false), CancellationToken.None);
        Assert.That((changed["content"], changed["is_active"], changed["version"], changed["name"]),
            Is.EqualTo(("return 1;", false, 2L, "shop.orders.{id}.get.pre_process")));

        Assert.That(await Scripts.DeleteAsync(ShopDeveloper, sid, CancellationToken.None), Is.True);
        Refused(() => Scripts.ReadAsync(ShopDeveloper, sid, null, CancellationToken.None), 404);
    }

    [Test]
    public async Task Only_developers_of_the_application_reach_its_scripts()
    {
        var sid = (long)(await Scripts.CreateAsync(ShopManager, Valid("shop.guarded.post.post_process"), CancellationToken.None))["sid"]!;
        Refused(() => Scripts.CreateAsync(ShopConsumer, Valid("shop.other.get.pre_process"), CancellationToken.None), 403);
        Refused(() => Scripts.ReadAsync(ShopConsumer, sid, null, CancellationToken.None), 403);
        Refused(() => Scripts.ReadAsync(GlobexDeveloper, sid, null, CancellationToken.None), 404);
        Refused(() => Scripts.DeleteAsync(GlobexDeveloper, sid, CancellationToken.None), 404);
        Refused(() => Scripts.CreateAsync(null, Valid("shop.other.get.pre_process"), CancellationToken.None), 401);
        var theirs = (List<object?>)await Scripts.ReadAsync(GlobexDeveloper, null, null, CancellationToken.None);
        Assert.That(theirs.Cast<Map>().Select(s => s["sid"]), Does.Not.Contain(sid));
    }

    [Test]
    public void Every_problem_of_the_input_is_listed_at_once()
    {
        var error = Refused(() => Scripts.CreateAsync(ShopDeveloper,
            new ScriptInput(Shop, "blog.orders.get.pre_process", "cobol", null, Delay: -1, Tries: 0), CancellationToken.None), 400);
        Assert.That(error.Details, Has.Count.EqualTo(5), error.Message);
        Assert.That(error.Message, Does.Contain("'name'").And.Contain("'engine'").And.Contain("'content'").And.Contain("'delay'").And.Contain("'tries'"));
    }

    [TestCase("shop.orders.get")]
    [TestCase("shop.get.pre_process")]
    [TestCase("shop.orders.fetch.pre_process")]
    [TestCase("shop.orders.get.before")]
    [TestCase("shop..get.pre_process")]
    public void A_malformed_event_name_is_refused(string name)
    {
        var error = Refused(() => Scripts.CreateAsync(ShopDeveloper, Valid(name), CancellationToken.None), 400);
        Assert.That(error.Message, Does.Contain("'name' must be an event name"));
    }

    [TestCase("shop.*.get.pre_process")]
    [TestCase("shop.orders.*.queued")]
    [TestCase("shop.orders.{id}.items.delete.post_process")]
    public async Task Wildcards_and_uri_arguments_are_accepted_in_event_names(string name)
    {
        var created = await Scripts.CreateAsync(ShopDeveloper, Valid(name), CancellationToken.None);
        Assert.That(created["name"], Is.EqualTo(name));
        await Scripts.DeleteAsync(ShopDeveloper, (long)created["sid"]!, CancellationToken.None);
    }

    [Test]
    public void JavaScript_that_does_not_parse_is_refused_with_its_line()
    {
        var error = Refused(() => Scripts.CreateAsync(ShopDeveloper,
            Valid("shop.broken.get.pre_process") with { Content = "let a = 1;\nlet b = ;" }, CancellationToken.None), 400);
        Assert.That(error.Message, Does.Contain("not valid JavaScript").And.Contain("line 2"));
    }

    [Test]
    public async Task A_second_script_for_the_same_event_is_a_conflict()
    {
        await Scripts.CreateAsync(ShopDeveloper, Valid("shop.twice.get.pre_process"), CancellationToken.None);
        Refused(() => Scripts.CreateAsync(ShopDeveloper, Valid("shop.twice.get.pre_process"), CancellationToken.None), 409);
    }
}
