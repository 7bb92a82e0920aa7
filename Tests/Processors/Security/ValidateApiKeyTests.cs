using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Security;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityHarness;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class ValidateApiKeyTests
{
    private const string KeyCheck = """
        processor: validate_api_key
        id: key_check
        """;

    private SecurityHarness _harness = null!;
    private ApiKeyService _keys = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _harness = await SecurityHarness.StartAsync();
        _keys = _harness.Services.GetRequiredService<ApiKeyService>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _harness.DisposeAsync();

    private static ApiRequest Query(string key) =>
        new() { Query = new Dictionary<string, object?>(StringComparer.Ordinal) { [ApiKeyService.QueryVariable] = key } };

    [Test]
    public async Task A_key_in_the_header_passes_and_makes_a_key_caller_of_the_application()
    {
        var created = await _keys.CreateAsync(_harness.Scope.Appid, "client", "Consumer");
        var (value, caller) = await _harness.RunAsync(Secured(KeyCheck), WithBearer(null, (ApiKeyService.Header, created.Key)));
        Assert.That(value.Data, Is.EqualTo("granted"));
        Assert.That((caller!.Uid, caller.ApiKeyAppid), Is.EqualTo(((long?)null, (long?)_harness.Scope.Appid)));
        Assert.That(caller.Roles, Is.EqualTo(new[] { new RoleGrant("Consumer", _harness.Scope.Accid, _harness.Scope.Appid) }));
    }

    [Test]
    public async Task A_key_in_the_query_or_the_key_input_passes()
    {
        var created = await _keys.CreateAsync(_harness.Scope.Appid, "client");
        Assert.That((await _harness.RunAsync(Secured(KeyCheck), Query(created.Key))).Value.Data, Is.EqualTo("granted"));
        var fromInput = Secured("""
            processor: validate_api_key
            id: key_check
            key:
              processor: var_header
              id: custom
              key: X-Custom-Key
            """);
        Assert.That((await _harness.RunAsync(fromInput, WithBearer(null, ("X-Custom-Key", created.Key)))).Value.Data, Is.EqualTo("granted"));
    }

    [Test]
    public async Task A_missing_key_is_401_code_4_naming_the_node()
    {
        var error = await _harness.FailsAsync(Secured(KeyCheck), new ApiRequest());
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((401, ErrorCodes.Authentication, "key_check")));
        Assert.That(error.Message, Is.EqualTo("An API key is required (header X-ApiStudio-Api-Key or query variable api_key)."));
    }

    [Test]
    public async Task A_key_of_another_application_or_a_revoked_key_is_401()
    {
        var foreign = await _keys.CreateAsync(_harness.OtherScope.Appid, "elsewhere");
        var revoked = await _keys.CreateAsync(_harness.Scope.Appid, "revoked");
        await _keys.RevokeAsync(revoked.Row.Kid);
        foreach (var key in new[] { foreign.Key, revoked.Key, "ask_unknown" })
        {
            var error = await _harness.FailsAsync(Secured(KeyCheck), Query(key));
            Assert.That((error.HttpStatus, error.Message), Is.EqualTo((401, "The API key is not valid.")));
        }
        Assert.That((await _harness.RunAsync(Secured(KeyCheck), Query(foreign.Key), _harness.OtherScope)).Value.Data, Is.EqualTo("granted"),
            "the same key opens its own application");
    }

    [Test]
    public async Task With_roles_the_keys_role_must_be_one_of_them()
    {
        var consumer = await _keys.CreateAsync(_harness.Scope.Appid, "consumer", "Consumer");
        var roleless = await _keys.CreateAsync(_harness.Scope.Appid, "no role");
        var document = Secured("""
            processor: validate_api_key
            id: key_check
            roles: [Consumer, Developer]
            """);
        Assert.That((await _harness.RunAsync(document, Query(consumer.Key))).Value.Data, Is.EqualTo("granted"));
        var error = await _harness.FailsAsync(document, Query(roleless.Key));
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((403, ErrorCodes.Authentication, "key_check")));
    }

    [Test]
    public void Roles_must_be_text() =>
        Assert.That(PublishFails("""
            processor: validate_api_key
            id: key_check
            roles: [true]
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'key_check', input 'roles': Input 'roles' does not accept type boolean; allowed: text."));

    [Test]
    public async Task Without_the_host_it_is_a_configuration_error()
    {
        var error = await RunFails(KeyCheck, Query("ask_whatever"));
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((500, ErrorCodes.Configuration)));
    }
}
