using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.SecurityHarness;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Security;

public class ValidateTokenRolesTests
{
    private SecurityHarness _harness = null!;
    private string _developer = null!;
    private string _otherAppDeveloper = null!;
    private string _otherAccountDeveloper = null!;
    private string _consumer = null!;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _harness = await SecurityHarness.StartAsync();
        var scope = _harness.Scope;
        var sibling = await _harness.Database.InTransactionAsync(db =>
            ApplicationMapper.CreateAsync(db, scope.Accid, "sibling"));
        await _harness.Services.GetRequiredService<ResourceRegistry>().ReloadApplicationsAsync();
        await _harness.CreateUserAsync("dev", ("Developer", scope.Accid, scope.Appid));
        await _harness.CreateUserAsync("sibling-dev", ("Developer", scope.Accid, sibling.Appid));
        await _harness.CreateUserAsync("other-dev", ("Developer", _harness.OtherScope.Accid, _harness.OtherScope.Appid));
        await _harness.CreateUserAsync("consumer", ("Consumer", scope.Accid, scope.Appid));
        await _harness.CreateUserAsync("root", ("Administrator", null, null));
        _developer = (await _harness.LoginAsync("dev")).Token;
        _otherAppDeveloper = (await _harness.LoginAsync("sibling-dev")).Token;
        _otherAccountDeveloper = (await _harness.LoginAsync("other-dev")).Token;
        _consumer = (await _harness.LoginAsync("consumer")).Token;
        _admin = (await _harness.LoginAsync("root")).Token;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _harness.DisposeAsync();

    private static string Check(string roles, string extra = "") => Secured($"""
        processor: validate_token_roles
        id: roles_check
        roles: {roles}
        {extra}
        """);

    private async Task<int> StatusOf(string document, string token)
    {
        try
        {
            await _harness.RunAsync(document, WithBearer(token));
            return 200;
        }
        catch (ApiException ex)
        {
            return ex.HttpStatus;
        }
    }

    [Test]
    public async Task A_caller_with_one_of_the_roles_passes_and_becomes_the_caller()
    {
        var (value, caller) = await _harness.RunAsync(Check("[Consumer, Developer]"), WithBearer(_developer));
        Assert.That((value.Data, caller!.Username), Is.EqualTo(("granted", "dev")));
    }

    [Test]
    public async Task A_single_role_may_be_given_as_text() =>
        Assert.That(await StatusOf(Check("Developer"), _developer), Is.EqualTo(200));

    [Test]
    public async Task A_caller_without_the_roles_is_403_code_4_naming_the_node()
    {
        var error = await _harness.FailsAsync(Check("[Developer]"), WithBearer(_consumer));
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((403, ErrorCodes.Authentication, "roles_check")));
        Assert.That(error.Message, Is.EqualTo("Permission denied: the caller holds none of the roles this resource requires."));
    }

    [Test]
    public async Task No_token_is_401_not_403()
    {
        var error = await _harness.FailsAsync(Check("[Developer]"), new ApiRequest());
        Assert.That((error.HttpStatus, error.Code), Is.EqualTo((401, ErrorCodes.Authentication)));
    }

    [Test]
    public async Task By_default_the_role_must_be_held_in_the_served_application()
    {
        Assert.That(await StatusOf(Check("[Developer]"), _otherAppDeveloper), Is.EqualTo(403));
        Assert.That(await StatusOf(Check("[Developer]"), _otherAccountDeveloper), Is.EqualTo(403));
    }

    [Test]
    public async Task Validate_application_false_accepts_the_role_in_another_application_of_the_account()
    {
        var document = Check("[Developer]", "validate_application: false");
        Assert.That(await StatusOf(document, _otherAppDeveloper), Is.EqualTo(200));
        Assert.That(await StatusOf(document, _otherAccountDeveloper), Is.EqualTo(403), "the account is still checked");
    }

    [Test]
    public async Task Validating_neither_accepts_the_role_anywhere() =>
        Assert.That(await StatusOf(Check("[Developer]", "validate_account: false\nvalidate_application: false"), _otherAccountDeveloper),
            Is.EqualTo(200));

    [Test]
    public async Task A_global_administrator_passes_any_role_check() =>
        Assert.That(await StatusOf(Check("[Consumer]"), _admin), Is.EqualTo(200));

    [Test]
    public void Roles_are_required() =>
        Assert.That(PublishFails("""
            processor: validate_token_roles
            id: roles_check
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'roles_check', input 'roles': Input 'roles' is required."));

    [Test]
    public void Roles_must_be_text() =>
        Assert.That(PublishFails("""
            processor: validate_token_roles
            id: roles_check
            roles: [Developer, 5]
            """).Errors.Select(e => e.ToString()),
            Has.Member("Resource 'Test resource': node 'roles_check', input 'roles': Input 'roles' does not accept type integer; allowed: text."));

    [TestCase("validate_account")]
    [TestCase("validate_application")]
    public void The_validate_switches_must_be_booleans(string input) =>
        Assert.That(PublishFails($"""
            processor: validate_token_roles
            id: roles_check
            roles: [Developer]
            {input}: "yes"
            """).Errors.Select(e => e.ToString()),
            Has.Member($"Resource 'Test resource': node 'roles_check', input '{input}': Input '{input}' does not accept type text; allowed: boolean."));

    [Test]
    public void The_validate_switches_default_to_true()
    {
        var details = Catalogue.Find("validate_token_roles")!.Details;
        Assert.That((details.Input("validate_account")!.Default, details.Input("validate_application")!.Default), Is.EqualTo((true, true)));
    }

    [Test]
    public async Task Without_the_served_application_it_is_a_configuration_error()
    {
        var error = await RunFails("""
            processor: validate_token_roles
            id: roles_check
            roles: [Developer]
            """);
        Assert.That((error.HttpStatus, error.Code, error.ProcessorId), Is.EqualTo((500, ErrorCodes.Configuration, "roles_check")));
    }
}
