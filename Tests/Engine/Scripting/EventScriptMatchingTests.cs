using ApiStudio.Engine.Scripting;
using ApiStudio.Engine.Storage.Mappers;

namespace ApiStudio.Tests.Engine.Scripting;

/// <summary>Which scripts run for a resource: event names with literal, <c>{name}</c> and <c>*</c> segments, least specific first.</summary>
public class EventScriptMatchingTests
{
    private static EventScript Script(string name) => EventScript.From(new ScriptRow { Sid = 1, Name = name, IsActive = true })!;

    [TestCase("hr.employees.get.pre_process", "employees", "get", true)]
    [TestCase("hr.employees.get.pre_process", "employees/{id}", "get", false)]
    [TestCase("hr.employees.{id}.get.pre_process", "employees/{id}", "get", true)]
    [TestCase("hr.employees.{id}.get.pre_process", "employees/{id}", "post", false)]
    [TestCase("hr.*.get.pre_process", "employees", "get", true)]
    [TestCase("hr.*.get.pre_process", "employees/{id}/notes", "get", true)]
    [TestCase("hr.*.get.pre_process", "employees", "post", false)]
    [TestCase("hr.employees.*.pre_process", "employees", "delete", true)]
    [TestCase("hr.employees.*.*.pre_process", "employees", "get", false)]
    [TestCase("hr.*.{id}.*.pre_process", "orders/{id}", "put", true)]
    [TestCase("hr.*.{id}.*.pre_process", "orders/{key}", "put", false)]
    [TestCase("other.employees.get.pre_process", "employees", "get", false)]
    public void An_event_name_matches_the_resources_it_names(string name, string uri, string method, bool matches) =>
        Assert.That(ResourceEvents.For([Script(name)], "hr", method, uri).PreProcess, Has.Count.EqualTo(matches ? 1 : 0));

    [Test]
    public void A_name_of_many_wildcards_is_matched_against_a_long_uri_without_backtracking()
    {
        var stars = "hr." + string.Join('.', Enumerable.Repeat("*", 60)) + ".x.get.pre_process";
        var uri = string.Join('/', Enumerable.Range(0, 80).Select(i => $"s{i}"));
        // No segment is "x": every way of spreading 80 segments over 60 wildcards fails, which a backtracking search
        // would try one by one (more than 10^20 of them).
        Assert.That(ResourceEvents.For([Script(stars)], "hr", "get", uri).PreProcess, Is.Empty);
        Assert.That(ResourceEvents.For([Script(stars)], "hr", "get", uri + "/x").PreProcess, Has.Count.EqualTo(1));
    }

    [Test]
    public void Scripts_run_least_specific_first_by_phase()
    {
        var events = ResourceEvents.For([
            Script("hr.employees.{id}.get.post_process"), Script("hr.*.get.post_process"), Script("hr.employees.*.post_process"),
            Script("hr.*.*.pre_process"), Script("hr.employees.{id}.get.queued"),
        ], "hr", "GET", "employees/{id}");
        Assert.That(events.PostProcess.Select(s => s.Row.Name), Is.EqualTo(new[]
        {
            "hr.*.get.post_process", "hr.employees.*.post_process", "hr.employees.{id}.get.post_process",
        }));
        Assert.That(events.PreProcess.Select(s => s.Row.Name), Is.EqualTo(new[] { "hr.*.*.pre_process" }));
        Assert.That(events.Queued.Select(s => s.Row.Name), Is.EqualTo(new[] { "hr.employees.{id}.get.queued" }));
    }
}
