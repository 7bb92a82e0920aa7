using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Tests.Support;

namespace ApiStudio.Tests.Http;

/// <summary>Every kind of body reaches the tree; bad bodies are a clear 400 and the host keeps serving.</summary>
public class RequestBodyTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await TestHost.StartAsync();
        await _host.CreateApplicationAsync("bodies", "app");
        await _host.PublishAsync("bodies", "app", "post", "field", "processor: var_post\nid: field\nkey: name");
        await _host.PublishAsync("bodies", "app", "post", "nested", "processor: var_post\nid: field\nkey: address");
        await _host.PublishAsync("bodies", "app", "post", "body", "processor: var_body\nid: body");
        await _host.PublishAsync("bodies", "app", "post", "file", "processor: var_file\nid: file\nfilename: upload");
        await _host.PublishAsync("bodies", "app", "get", "ping", "pong");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<Reply> Post(string uri, HttpContent content, string? accept = null) =>
        accept is null
            ? _host.SendAsync(HttpMethod.Post, $"api/bodies/app/{uri}", content)
            : _host.SendAsync(HttpMethod.Post, $"api/bodies/app/{uri}", content, ("Accept", accept));

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Text(string text, string contentType) => Bytes(Encoding.UTF8.GetBytes(text), contentType);

    private async Task AssertStillServing()
    {
        var reply = await _host.GetAsync("api/bodies/app/ping");
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, """{"result":"ok","data":"pong"}""")));
    }

    private static void AssertBadRequest(Reply reply, string messageStart)
    {
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.Body);
        Assert.That(reply.Body, Does.StartWith($$"""{"result":"error","data":{"id":null,"code":6,"message":"{{messageStart}}"""));
    }

    [Test]
    public async Task The_fields_of_a_json_object_are_post_variables()
    {
        Assert.That((await Post("field", Text("""{"name":"Ada","age":36}""", "application/json"))).Body,
            Is.EqualTo("""{"result":"ok","data":"Ada"}"""));
        Assert.That((await Post("nested", Text("""{"address":{"city":"London"}}""", "application/json"))).Body,
            Is.EqualTo("""{"result":"ok","data":{"city":"London"}}"""));
    }

    [TestCase(10, false)]
    [TestCase(5_000, false)]
    [TestCase(100_000, false)]
    [TestCase(5_000, true)]
    [TestCase(100_000, true)]
    public async Task A_body_is_read_whole_whatever_its_length_and_framing(int length, bool chunked)
    {
        var name = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
        var bytes = Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""");
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/bodies/app/field") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        var reply = await _host.SendAsync(request);
        Assert.That((reply.Status, reply.Body), Is.EqualTo((HttpStatusCode.OK, $$"""{"result":"ok","data":"{{name}}"}""")));
    }

    [TestCase("[1,2,3]", "[1,2,3]")]
    [TestCase("42", "42")]
    [TestCase("\"text\"", "\"text\"")]
    [TestCase("{\"a\":[true,null]}", "{\"a\":[true,null]}")]
    public async Task A_json_body_of_any_kind_is_read_by_var_body(string body, string data) =>
        Assert.That((await Post("body", Text(body, "application/json; charset=utf-8"))).Body,
            Is.EqualTo($$"""{"result":"ok","data":{{data}}}"""));

    [Test]
    public async Task A_url_encoded_form_gives_post_variables()
    {
        var form = new FormUrlEncodedContent([new("name", "Ada Lovelace"), new("age", "36")]);
        Assert.That((await Post("field", form)).Body, Is.EqualTo("""{"result":"ok","data":"Ada Lovelace"}"""));
    }

    [Test]
    public async Task A_repeated_form_key_gives_a_list()
    {
        var form = new FormUrlEncodedContent([new("name", "a"), new("name", "b")]);
        Assert.That((await Post("field", form)).Body, Is.EqualTo("""{"result":"ok","data":["a","b"]}"""));
    }

    [Test]
    public async Task A_multipart_form_gives_fields_and_files()
    {
        var content = "id,total\n7,12.50\n"u8.ToArray();
        var file = Bytes(content, "text/csv");
        var fields = new MultipartFormDataContent { { new StringContent("Ada"), "name" }, { file, "upload", "../../orders.csv" } };
        Assert.That((await Post("field", fields)).Body, Is.EqualTo("""{"result":"ok","data":"Ada"}"""));

        file = Bytes(content, "text/csv");
        var upload = new MultipartFormDataContent { { new StringContent("Ada"), "name" }, { file, "upload", "orders.csv" } };
        var reply = await Post("file", upload, "application/octet-stream");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        Assert.That((reply.MediaType, reply.Bytes), Is.EqualTo(("text/csv", content)));
    }

    [Test]
    public async Task A_missing_file_is_400_naming_the_node()
    {
        var form = new MultipartFormDataContent { { new StringContent("Ada"), "name" } };
        var reply = await Post("file", form);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":"file","code":6,"message":"File (upload) does not exist or is undefined."}}"""));
    }

    [Test]
    public async Task An_xml_body_is_read_as_xml()
    {
        Assert.That((await Post("body", Text("<order><id>7</id></order>", "application/xml"))).Body,
            Is.EqualTo("""{"result":"ok","data":{"order":{"id":"7"}}}"""));
        Assert.That((await Post("body", Text("<order><id>7</id></order>", "text/xml"), "application/xml")).Body,
            Does.EndWith("<apiStudioWrapper><result>ok</result><data><order><id>7</id></order></data></apiStudioWrapper>"));
    }

    [TestCase("text/plain")]
    [TestCase("text/csv")]
    [TestCase("application/yaml")]
    [TestCase("application/x-yaml")]
    [TestCase("text/yaml")]
    [TestCase("application/vnd.example+yaml")]
    public async Task A_text_body_is_read_as_text(string mediaType) =>
        Assert.That((await Post("body", Text("héllo", mediaType))).Body, Is.EqualTo("""{"result":"ok","data":"héllo"}"""));

    [Test]
    public async Task A_text_body_in_another_charset_is_decoded_from_it()
    {
        var reply = await Post("body", Bytes(Encoding.Latin1.GetBytes("café"), "text/plain; charset=iso-8859-1"));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"ok","data":"café"}"""));
    }

    [Test]
    public async Task An_unknown_charset_is_415()
    {
        var reply = await Post("body", Text("x", "text/plain; charset=klingon"));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(reply.Body, Does.Contain("Unsupported charset 'klingon': send UTF-8."));
        await AssertStillServing();
    }

    [TestCase("text/plain")]
    [TestCase("application/json")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task Invalid_utf8_is_400(string mediaType)
    {
        var reply = await Post("body", Bytes([0x22, 0xC3, 0x28, 0xFF, 0x22], mediaType));
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reply.Body, Is.EqualTo("""{"result":"error","data":{"id":null,"code":6,"message":"The request body is not valid UTF-8."}}"""));
        await AssertStillServing();
    }

    [TestCase("""{"name": "Ada",""")]
    [TestCase("""{"name": Ada}""")]
    [TestCase("""{"a":1,"a":2}""")]
    [TestCase("[1, 2")]
    public async Task Malformed_json_is_400_with_the_parser_message(string body)
    {
        var reply = await Post("field", Text(body, "application/json"));
        AssertBadRequest(reply, "Malformed JSON body: ");
        Assert.That(reply.Body, Does.Contain("line 1"));
        await AssertStillServing();
    }

    [TestCase("<order><id>7</order>")]
    [TestCase("<a></a><b></b>")]
    [TestCase("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>")]
    [TestCase("not xml")]
    public async Task Malformed_xml_is_400_with_the_parser_message(string body)
    {
        var reply = await Post("body", Text(body, "application/xml"));
        AssertBadRequest(reply, "Malformed XML body: Invalid XML: ");
        await AssertStillServing();
    }

    [Test]
    public async Task A_multipart_body_without_a_boundary_is_400()
    {
        var reply = await Post("field", Text("--x\r\n", "multipart/form-data"));
        AssertBadRequest(reply, "Malformed form body: ");
        await AssertStillServing();
    }

    [Test]
    public async Task A_truncated_multipart_body_is_400()
    {
        var body = "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda";
        var reply = await Post("field", Text(body, "multipart/form-data; boundary=b"));
        AssertBadRequest(reply, "Malformed form body: ");
        await AssertStillServing();
    }

    [Test]
    public async Task A_url_encoded_form_with_too_many_fields_is_400()
    {
        var body = string.Join("&", Enumerable.Range(0, 1100).Select(i => $"k{i}=v"));
        var reply = await Post("field", Text(body, "application/x-www-form-urlencoded"));
        AssertBadRequest(reply, "Malformed form body: ");
        await AssertStillServing();
    }

    [Test]
    public async Task A_body_without_content_type_is_text()
    {
        var content = new ByteArrayContent("plain words"u8.ToArray());
        Assert.That((await Post("body", content)).Body, Is.EqualTo("""{"result":"ok","data":"plain words"}"""));
    }
}
