using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class LogoutTests
{
    private const string SignOut = """
        processor: logout
        id: sign_out
        refresh_token:
          processor: var_post
          id: refresh_token
          key: refresh_token
        """;

    private SecurityHarness _harness = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _harness = await SecurityHarness.StartAsync();
        await _harness.CreateUserAsync("ada");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _harness.DisposeAsync();

    private static ApiRequest Posted(string refresh) => new()
    {
        Method = "post",
        Post = new Dictionary<string, object?>(StringComparer.Ordinal) { ["refresh_token"] = refresh },
    };

    [Test]
    public async Task Logout_revokes_the_refresh_token_and_returns_true()
    {
        var tokens = await _harness.LoginAsync("ada");
        var (value, _) = await _harness.RunAsync(Resource(SignOut), Posted(tokens.RefreshToken));
        Assert.That((value.Type, value.Data), Is.EqualTo((DataType.Boolean, true)));
        Assert.That(await _harness.Tokens.RefreshAsync(tokens.Token, tokens.RefreshToken), Is.Null);
    }

    [Test]
    public async Task An_unknown_refresh_token_also_returns_true()
    {
        var (value, _) = await _harness.RunAsync(Resource(SignOut), Posted("made-up"));
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
