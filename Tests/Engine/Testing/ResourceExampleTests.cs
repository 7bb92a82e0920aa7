using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Engine.Testing;

/// <summary>The <c>tests:</c> format of a resource: examples of a request and the expected answer.</summary>
public class ResourceExampleTests
{
    private static IReadOnlyList<ResourceExample> Parse(string json, List<string> errors) =>
        ResourceExample.Parse(PlainJson.Parse(json), errors);

    [Test]
    public void A_full_example_is_read_with_every_part()
    {
        var errors = new List<string>();
        var example = Parse("""
            [{"name": "full", "request": {"method": "POST", "params": {"id": 5}, "uri_args": [1, "two"], "query": {"tag": ["a", "b"], "n": 2.5},
              "headers": {"X-Flag": true}, "body": {"k": "v"}, "content_type": "application/json"},
              "expect": {"status": 201, "data": {"ok": true}, "body_contains": ["ok", "true"]}}]
            """, errors).Single();
        Assert.That(errors, Is.Empty);
        Assert.That((example.Name, example.Request.Method, example.Request.Params["id"]), Is.EqualTo(("full", "post", "5")));
        Assert.That(example.Request.UriArgs, Is.EqualTo(new[] { "1", "two" }));
        Assert.That(example.Request.Query.Select(q => $"{q.Key}={q.Value}"), Is.EqualTo(new[] { "tag=a", "tag=b", "n=2.5" }));
        Assert.That(example.Request.Headers.Single(), Is.EqualTo(new KeyValuePair<string, string>("X-Flag", "true")));
        Assert.That((example.Request.HasBody, example.Request.ContentType), Is.EqualTo((true, "application/json")));
        Assert.That((example.Expect.Status, example.Expect.HasData), Is.EqualTo((201, true)));
        Assert.That(example.Expect.BodyContains, Is.EqualTo(new[] { "ok", "true" }));
    }

    [Test]
    public void Defaults_are_a_name_by_position_status_200_and_no_data_check()
    {
        var errors = new List<string>();
        var example = Parse("[{}]", errors).Single();
        Assert.That(errors, Is.Empty);
        Assert.That((example.Name, example.Expect.Status, example.Expect.HasData, example.Request.HasBody, example.Request.Method),
            Is.EqualTo(("example 1", 200, false, false, (string?)null)));
    }

    [Test]
    public void Expected_null_data_is_still_checked()
    {
        var example = Parse("""[{"expect": {"data": null}}]""", []).Single();
        Assert.That((example.Expect.HasData, example.Expect.Data), Is.EqualTo((true, (object?)null)));
    }

    [TestCase("""{"name": "x"}""", "'tests' must be a list of examples ({name, request, expect}).")]
    [TestCase("""["x"]""", "'tests' item 1 must be a map with 'name', 'request' and 'expect'.")]
    [TestCase("""[{"name": "n", "requets": {}}]""", "'tests' item 1 ('n') has the unknown key 'requets' (allowed: name, request, expect).")]
    [TestCase("""[{"request": {"method": "fetch"}}]""", "'tests' item 1: 'request.method' must be one of get, post, put, patch, delete; got 'fetch'.")]
    [TestCase("""[{"request": {"query": [1]}}]""", "'tests' item 1: 'request.query' must be a map of names to values.")]
    [TestCase("""[{"request": {"headers": {"X": {"a": 1}}}}]""", "'tests' item 1: 'request.headers.X' must be a single value (text, number or boolean).")]
    [TestCase("""[{"request": {"path": "a/b", "uri_args": [1]}}]""", "'tests' item 1: give either 'request.path' or 'request.params'/'request.uri_args', not both.")]
    [TestCase("""[{"expect": {"status": 99}}]""", "'tests' item 1: 'expect.status' must be an HTTP status code (100 to 599).")]
    [TestCase("""[{"expect": "ok"}]""", "'tests' item 1: 'expect' must be a map.")]
    public void A_malformed_example_is_reported_and_left_out(string json, string message)
    {
        var errors = new List<string>();
        Assert.That(Parse(json, errors), Is.Empty);
        Assert.That(errors, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Plain_values_compare_numbers_by_value_and_maps_in_any_order()
    {
        Assert.That(PlainValues.Equal(6L, 6.0), Is.True);
        Assert.That(PlainValues.Equal(new Map { ["a"] = 1L, ["b"] = "x" }, new Map { ["b"] = "x", ["a"] = 1.0 }), Is.True);
        Assert.That(PlainValues.Equal(new List<object?> { 1L, 2L }, new List<object?> { 2L, 1L }), Is.False);
        Assert.That(PlainValues.Equal("6", 6L), Is.False);
        Assert.That(PlainValues.Equal(new Map { ["a"] = null }, new Map()), Is.False);
    }
}
