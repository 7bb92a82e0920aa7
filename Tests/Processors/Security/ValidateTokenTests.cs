using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.SecurityHarness;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class ValidateTokenTests
{
    private const string Bearer = """
        processor: validate_token
        id: check
        """;

    private SecurityHarness _harness = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _harness = await SecurityHarness.StartAsync();
        await _harness.CreateUserAsync("ada", ("Developer", _harness.Scope.Accid, _harness.Scope.Appid));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _harness.DisposeAsync();

    [Test]
    public async Task A_valid_bearer_token_passes_and_sets_the_caller()
    {
        var tokens = await _harness.LoginAsync("ada");
        var (value, caller) = await _harness.RunAsync(Secured(Bearer), WithBearer(tokens.Token));
        Assert.That(value.Data, Is.EqualTo("granted"));
        Assert.That((caller!.Uid, caller.Username), Is.EqualTo(((long?)tokens.Uid, "ada")));
        Assert.That(caller.Roles.Select(r => r.Role), Is.EqualTo(new[] { "Developer" }));
    }

    [Test]
    public async Task The_token_input_wins_over_the_header()
    {
        var tokens = await _harness.LoginAsync("ada");
        var document = Secured("""
            processor: validate_token
            id: check
            token:
              processor: var_header
              id: custom
              key: X-Token
            """);
        var (value, _) = await _harness.RunAsync(document, WithBearer("not-valid", ("X-Token", tokens.Token)));
        Assert.That(value.Data, Is.EqualTo("granted"));
        var error = await _harness.FailsAsync(document, WithBearer(tokens.Token, ("X-Token", "not-valid")));
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((401, "The access token is not valid.")));
    }

    [Test]
    public async Task A_missing_token_is_401_code_4_naming_the_node()
    {
        var error = await _harness.FailsAsync(Secured(Bearer), new ApiRequest());
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((401, ErrorCodes.Authentication, "check")));
        Assert.That(error.Message, Is.EqualTo("An access token is required (Authorization: Bearer <token>)."));
    }

    [Test]
    public async Task An_invalid_token_is_401()
    {
        var error = await _harness.FailsAsync(Secured(Bearer), WithBearer("abc.def.ghi"));
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((401, "The access token is not valid.")));
    }

    [Test]
    public async Task A_token_of_a_deactivated_user_is_401()
    {
        var user = await _harness.CreateUserAsync("soon-gone");
        var tokens = await _harness.LoginAsync("soon-gone");
        await _harness.Database.InTransactionAsync(db => UserMapper.UpdateAsync(db, user.Uid, user.Username, null, false));
        var error = await _harness.FailsAsync(Secured(Bearer), WithBearer(tokens.Token));
        Assert.That((error.HttpStatus, error.Message), Is.EqualTo((401, "The access token is not valid.")));
    }

    [Test]
    public void A_token_that_is_not_text_is_refused_at_publish() =>
        Assert.That(PublishFails("""
            processor: validate_token
            id: check
            token: 12
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'check', input 'token': Input 'token' does not accept type integer; allowed: text."));

    [Test]
    public async Task Without_the_host_it_is_a_configuration_error_not_an_open_door()
    {
        var error = await RunFails(Bearer, WithBearer("abc"));
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((500, ErrorCodes.Configuration, "check")));
    }
}
