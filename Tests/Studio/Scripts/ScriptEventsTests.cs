using ApiStudio.Engine.Values;
using ApiStudio.Studio.Scripts;

namespace ApiStudio.Tests.Studio.Scripts;

/// <summary>What the Scripts page reads from an event name and from the service's problems.</summary>
public sealed class ScriptEventsTests
{
    [TestCase("shop.orders.{id}.get.pre_process", "pre_process", "GET")]
    [TestCase("shop.*.post.post_process", "post_process", "POST")]
    [TestCase("shop.mail.*.queued", "queued", "GET")]
    [TestCase("shop.", "", "GET")]
    public void The_phase_and_method_come_from_the_name(string name, string phase, string method) =>
        Assert.That((ScriptEvents.Phase(name), ScriptEvents.Method(name)), Is.EqualTo((phase, method)));

    [Test]
    public void The_sample_event_carries_the_method_the_uri_names_and_a_response_after_processing()
    {
        var pre = (Map)PlainJson.Parse(ScriptEvents.SampleEvent("shop.orders.{id}.put.pre_process"))!;
        Assert.That(((Map)pre["request"]!)["method"], Is.EqualTo("PUT"));
        Assert.That(pre["resource"], Is.EqualTo(new Map { ["id"] = "1" }));
        Assert.That(pre.ContainsKey("response"), Is.False);
        var post = (Map)PlainJson.Parse(ScriptEvents.SampleEvent("shop.orders.get.post_process"))!;
        Assert.That(((Map)post["response"]!)["status_code"], Is.EqualTo(200L));
    }

    [Test]
    public void A_sample_must_be_a_json_object()
    {
        Assert.That(ScriptEvents.ReadSample("""{"request": {}}""").Sample, Is.EqualTo(new Map { ["request"] = new Map() }));
        Assert.That(ScriptEvents.ReadSample("[1]").Error, Does.Contain("JSON object"));
        Assert.That(ScriptEvents.ReadSample("{").Error, Does.Contain("not valid JSON"));
        Assert.That(ScriptEvents.ReadSample(" ").Sample, Is.Empty);
    }

    [TestCase("javascript", "javascript")]
    [TestCase("nodejs", "javascript")]
    [TestCase("csharp", "csharp")]
    [TestCase("python", "python")]
    public void Each_engine_has_its_editor_language(string engine, string language) =>
        Assert.That(ScriptEvents.Language(engine), Is.EqualTo(language));

    [Test]
    public void A_content_problem_names_its_line_for_the_editor()
    {
        Assert.That(ScriptEvents.ContentPlace("'content' is not valid JavaScript: Unexpected token ';' (line 3, column 50)."), Is.EqualTo((3, 50)));
        Assert.That(ScriptEvents.ContentPlace("'name' must be an event name such as shop.orders.{id}.get.pre_process (line 2)"), Is.Null);
        Assert.That(ScriptEvents.ContentPlace("'content' is required."), Is.Null);
    }
}
