using System.Text;
using ApiStudio.Engine.Testing;
using ApiStudio.Engine.Values;
using ApiStudio.Studio.TryIt;

namespace ApiStudio.Tests.Studio.TryIt;

/// <summary>The Try it form: a field per uri argument, the path it builds, the request and the example request it gives.</summary>
public sealed class TryItFormTests
{
    private static TryItForm Form(string uri, string method = "get")
    {
        var form = new TryItForm();
        form.UseResource(uri, method);
        return form;
    }

    [Test]
    public void Every_braced_segment_of_the_uri_is_an_argument_field_in_order()
    {
        Assert.That(TryItForm.ArgumentNames("todo/{key}/items/{n}"), Is.EqualTo(new[] { "key", "n" }));
        Assert.That(TryItForm.ArgumentNames("/todo/"), Is.Empty);
        Assert.That(TryItForm.ArgumentNames(null), Is.Empty);
        var form = Form("/todo/{key}/", "POST");
        Assert.That((form.Uri, form.Method), Is.EqualTo(("todo/{key}", "post")));
        Assert.That(form.Arguments.Select(a => (a.Name, a.Value)), Is.EqualTo(new[] { ("key", "") }));
    }

    [Test]
    public void A_new_uri_keeps_the_values_typed_for_arguments_that_stay()
    {
        var form = Form("todo/{key}/{n}");
        form.Arguments[0].Value = "42";
        form.Arguments[1].Value = "7";
        form.UseResource("todos/{key}/{page}", "delete");
        Assert.That(form.Arguments.Select(a => (a.Name, a.Value)), Is.EqualTo(new[] { ("key", "42"), ("page", "") }));
        Assert.That(form.Method, Is.EqualTo("delete"));
        form.UseResource("todos/{key}", "not-a-method");
        Assert.That(form.Method, Is.EqualTo("delete"));
    }

    [Test]
    public void The_path_fills_the_arguments_escaped_then_adds_the_extra_segments_and_the_query()
    {
        var form = Form("todo/{key}");
        form.Arguments[0].Value = "4 2/x";
        form.Extra = "/a b/c/";
        form.Query.Add(new NameValue { Name = "lang", Value = "en&fr" });
        form.Query.Add(new NameValue { Name = "", Value = "left out" });
        form.Query.Add(new NameValue { Name = "tag", Value = "1" });
        form.Query.Add(new NameValue { Name = "tag", Value = "2" });
        Assert.That(form.Path, Is.EqualTo("todo/4%202%2Fx/a%20b/c?lang=en%26fr&tag=1&tag=2"));
    }

    [Test]
    public void The_request_carries_method_headers_body_with_its_media_type_trace_and_as_me()
    {
        var form = Form("echo", "post");
        form.Headers.Add(new NameValue { Name = " X-Lang ", Value = "en" });
        form.Headers.Add(new NameValue { Name = " ", Value = "ignored" });
        form.Body = "a=1&b=2";
        form.BodyKind = BodyKind.Form;
        form.AsMe = false;
        var request = form.ToRequest();
        Assert.That((request.Method, request.Path, request.ContentType, request.Trace, request.AsCaller),
            Is.EqualTo(("POST", "echo", "application/x-www-form-urlencoded", true, false)));
        Assert.That(request.Headers, Is.EqualTo(new[] { KeyValuePair.Create("X-Lang", "en") }));
        Assert.That(Encoding.UTF8.GetString(request.Body!), Is.EqualTo("a=1&b=2"));

        form.Body = "";
        Assert.That((form.ToRequest().Body, form.ToRequest().ContentType), Is.EqualTo(((byte[]?)null, (string?)null)));
    }

    [Test]
    public void The_example_request_reads_back_as_the_same_request()
    {
        var form = Form("todo/{key}", "put");
        form.Arguments[0].Value = "42";
        form.Extra = "more";
        form.Query.Add(new NameValue { Name = "tag", Value = "1" });
        form.Query.Add(new NameValue { Name = "tag", Value = "2" });
        form.Query.Add(new NameValue { Name = "lang", Value = "en" });
        form.Headers.Add(new NameValue { Name = "X-Lang", Value = "en" });
        form.Body = """{"title": "Milk", "done": false}""";
        var request = Read(form);
        Assert.That((request.Method, request.Path, request.Params["key"]), Is.EqualTo(("put", (string?)null, "42")));
        Assert.That(request.UriArgs, Is.EqualTo(new[] { "more" }));
        Assert.That(request.Query, Is.EqualTo(new[] { KeyValuePair.Create("tag", "1"), KeyValuePair.Create("tag", "2"), KeyValuePair.Create("lang", "en") }));
        Assert.That(request.Headers, Is.EqualTo(new[] { KeyValuePair.Create("X-Lang", "en") }));
        Assert.That((request.HasBody, request.ContentType), Is.EqualTo((true, (string?)null)));
        Assert.That(PlainJson.Serialize(request.Body), Is.EqualTo("""{"title":"Milk","done":false}"""));
    }

    [TestCase(BodyKind.Json, "\"just text\"", "application/json")]
    [TestCase(BodyKind.Json, "{not json", "application/json")]
    [TestCase(BodyKind.Form, "a=1&b=2", "application/x-www-form-urlencoded")]
    [TestCase(BodyKind.Text, "plain words", null)]
    public void A_body_that_is_not_a_json_value_is_kept_as_text_with_its_media_type(BodyKind kind, string body, string? contentType)
    {
        var form = Form("echo", "post");
        form.BodyKind = kind;
        form.Body = body;
        var request = Read(form);
        Assert.That((request.Body, request.ContentType), Is.EqualTo(((object?)body, contentType)));
    }

    [Test]
    public void A_failure_that_compares_is_split_into_expected_and_got()
    {
        Assert.That(TryItSession.Compare("expected data \"a\", got \"b\""), Is.EqualTo(("expected data \"a\"", (string?)"got \"b\"")));
        Assert.That(TryItSession.Compare("expected status 200, got 404: {}"), Is.EqualTo(("expected status 200", (string?)"got 404: {}")));
        Assert.That(TryItSession.Compare("'request.params' has no value"), Is.EqualTo(("'request.params' has no value", (string?)null)));
    }

    private static ExampleRequest Read(TryItForm form)
    {
        var errors = new List<string>();
        var examples = ResourceExample.Parse(new List<object?> { new Map { ["request"] = form.ToExampleRequest() } }, errors);
        Assert.That(errors, Is.Empty);
        return examples.Single().Request;
    }
}
