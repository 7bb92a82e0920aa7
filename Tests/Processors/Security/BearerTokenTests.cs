using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class BearerTokenTests
{
    private const string Node = """
        processor: bearer_token
        id: bearer
        """;

    private static ApiRequest Authorization(string value) =>
        new() { Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = value } };

    [TestCase("Bearer abc.def.ghi")]
    [TestCase("bearer abc.def.ghi")]
    [TestCase("  Bearer   abc.def.ghi  ")]
    public async Task The_token_of_the_authorization_header_is_returned(string header)
    {
        var value = await Run(Node, Authorization(header));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Text, "abc.def.ghi")));
    }

    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearer")]
    [TestCase("Bearer   ")]
    [TestCase("abc.def.ghi")]
    public async Task Another_scheme_or_an_empty_token_is_undefined(string header) =>
        Assert.That((await Run(Node, Authorization(header))).IsUndefined, Is.True);

    [Test]
    public async Task No_authorization_header_is_undefined() =>
        Assert.That((await Run(Node, new ApiRequest())).IsUndefined, Is.True);

    [Test]
    public void It_takes_no_inputs() =>
        Assert.That(PublishFails("""
            processor: bearer_token
            id: bearer
            key: Authorization
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'bearer', input 'key': Processor 'bearer_token' takes no inputs; 'key' is not one."));

    [Test]
    public void It_is_in_the_security_menu() => Assert.That(Catalogue.Find("bearer_token")!.Menu, Is.EqualTo("Security"));
}
