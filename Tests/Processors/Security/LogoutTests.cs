using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class LogoutTests : SignInFixture
{
    private const string SignOut = """
        processor: logout
        id: sign_out
        refresh_token:
          processor: var_post
          id: refresh_token
          key: refresh_token
        """;

    [Test]
    public async Task Logout_revokes_the_refresh_token_and_returns_true()
    {
        var tokens = await Harness.LoginAsync("ada");
        var (value, _) = await Harness.RunAsync(Resource(SignOut), Posted(("refresh_token", tokens.RefreshToken)));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Boolean, true)));
        Assert.That(await Harness.Tokens.RefreshAsync(tokens.Token, tokens.RefreshToken), Is.Null);
    }

    [Test]
    public async Task An_unknown_refresh_token_also_returns_true()
    {
        var (value, _) = await Harness.RunAsync(Resource(SignOut), Posted(("refresh_token", "made-up")));
        Assert.That(value.Data, Is.EqualTo(true));
    }

    [Test]
    public void A_literal_refresh_token_is_refused_at_publish() =>
        Assert.That(PublishFails("""
            processor: logout
            id: sign_out
            refresh_token: abc
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'sign_out', input 'refresh_token': Input 'refresh_token' must be a processor node, not a literal."));

    [Test]
    public void The_refresh_token_is_required() =>
        Assert.That(PublishFails("""
            processor: logout
            id: sign_out
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'sign_out', input 'refresh_token': Input 'refresh_token' is required."));
}
