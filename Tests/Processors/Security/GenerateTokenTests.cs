using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Values;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class GenerateTokenTests : SignInFixture
{
    private const string SignIn = """
        processor: generate_token
        id: sign_in
        username:
          processor: var_post
          id: username
          key: username
        password:
          processor: var_post
          id: password
          key: password
        """;

    [Test]
    public async Task Good_credentials_give_uid_tokens_and_expiries()
    {
        var (value, _) = await Harness.RunAsync(Resource(SignIn), Posted(("username", "ada"), ("password", SecurityHarness.Password)));
        var map = (Map)value.Data!;
        Assert.That(map.Keys, Is.EqualTo(new[] { "uid", "token", "token_expiry", "refresh_token", "refresh_expiry" }));
        Assert.That((await Harness.Tokens.ValidateAsync((string)map["token"]!)).Caller!.Username, Is.EqualTo("ada"));
        Assert.That((string)map["token_expiry"]!, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
    }

    [TestCase("ada", "wrong")]
    [TestCase("nobody", SecurityHarness.Password)]
    public async Task Wrong_credentials_are_one_401_naming_the_node(string username, string password)
    {
        var error = await Harness.FailsAsync(Resource(SignIn), Posted(("username", username), ("password", password)));
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId, error.Message),
            Is.EqualTo((401, ErrorCodes.Authentication, "sign_in", "Invalid user name or password.")));
    }

    [TestCase("username")]
    [TestCase("password")]
    public void Literal_credentials_are_refused_at_publish(string input)
    {
        var other = input == "username" ? "password" : "username";
        Assert.That(PublishFails($"""
            processor: generate_token
            id: sign_in
            {input}: literal
            {other}:
              processor: var_post
              id: given
              key: {other}
            """).Errors.Select(e => e.ToString()),
            Has.Member($"Resource 'Test resource': node 'sign_in', input '{input}': Input '{input}' must be a processor node, not a literal."));
    }

    [TestCase("username")]
    [TestCase("password")]
    public void Both_credentials_are_required(string input)
    {
        var other = input == "username" ? "password" : "username";
        Assert.That(PublishFails($"""
            processor: generate_token
            id: sign_in
            {other}:
              processor: var_post
              id: given
              key: {other}
            """).Errors.Select(e => e.ToString()),
            Has.Member($"Resource 'Test resource': node 'sign_in', input '{input}': Input '{input}' is required."));
    }

    // The type is computed at run time (a cast to a computed type), so only the run-time check can refuse it.
    [Test]
    public async Task A_credential_that_is_not_text_is_400_naming_the_node()
    {
        var error = await Harness.FailsAsync(Resource("""
            processor: generate_token
            id: sign_in
            username:
              processor: cast
              id: number
              data: 5
              data_type: {processor: var_str, id: type, value: integer}
            password:
              processor: var_str
              id: text
              value: secret
            """), new ApiRequest());
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((400, ErrorCodes.InvalidInput, "sign_in")));
        Assert.That(error.Message, Does.StartWith("Input 'username' does not accept type integer; allowed: text."));
    }
}
