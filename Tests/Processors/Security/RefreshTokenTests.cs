using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class RefreshTokenTests : SignInFixture
{
    private const string Refresh = """
        processor: refresh_token
        id: refresh
        token:
          processor: var_post
          id: token
          key: token
        refresh_token:
          processor: var_post
          id: refresh_token
          key: refresh_token
        """;

    [Test]
    public async Task A_token_and_its_refresh_token_give_new_tokens()
    {
        var tokens = await Harness.LoginAsync("ada");
        var (value, _) = await Harness.RunAsync(Resource(Refresh), Posted(("token", tokens.Token), ("refresh_token", tokens.RefreshToken)));
        var map = (Map)value.Data!;
        Assert.That(map["uid"], Is.EqualTo(tokens.Uid));
        Assert.That(map["refresh_token"], Is.Not.EqualTo(tokens.RefreshToken));
    }

    [Test]
    public async Task A_used_or_unknown_refresh_token_is_401_naming_the_node()
    {
        var tokens = await Harness.LoginAsync("ada");
        await Harness.RunAsync(Resource(Refresh), Posted(("token", tokens.Token), ("refresh_token", tokens.RefreshToken)));
        foreach (var refresh in new[] { tokens.RefreshToken, "made-up" })
        {
            var error = await Harness.FailsAsync(Resource(Refresh), Posted(("token", tokens.Token), ("refresh_token", refresh)));
            Assert.That((error.HttpStatus, error.Code, error.ProcessorId, error.Message),
                Is.EqualTo((401, ErrorCodes.Authentication, "refresh", "Invalid token or refresh token.")));
        }
    }

    [TestCase("token")]
    [TestCase("refresh_token")]
    public void Literal_tokens_are_refused_at_publish(string input)
    {
        var other = input == "token" ? "refresh_token" : "token";
        Assert.That(PublishFails($"""
            processor: refresh_token
            id: refresh
            {input}: literal
            {other}:
              processor: var_post
              id: given
              key: {other}
            """).Errors.Select(e => e.ToString()),
            Has.Member($"Resource 'Test resource': node 'refresh', input '{input}': Input '{input}' must be a processor node, not a literal."));
    }

    [Test]
    public void Both_tokens_are_required() =>
        Assert.That(PublishFails("""
            processor: refresh_token
            id: refresh
            """).Errors.Select(e => e.ToString()),
            Is.SupersetOf(new[]
            {
                "Resource 'Test resource': node 'refresh', input 'token': Input 'token' is required.",
                "Resource 'Test resource': node 'refresh', input 'refresh_token': Input 'refresh_token' is required.",
            }));
}
