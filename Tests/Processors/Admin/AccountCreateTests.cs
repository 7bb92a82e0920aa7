using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class AccountCreateTests : AdminWorld
{
    [Test]
    public async Task An_administrator_creates_an_account_and_gets_accid_and_name()
    {
        var created = MapOf(await Run(Node("account_create", ("name", "initech")), Admin));
        Assert.That(created.Keys, Is.EqualTo(new[] { "accid", "name" }));
        Assert.That(created["name"], Is.EqualTo("initech"));
        var stored = await Database.ReadAsync(db => AccountMapper.FindByIdAsync(db, (long)created["accid"]!));
        Assert.That(stored!.Name, Is.EqualTo("initech"));
    }

    [Test]
    public async Task Anonymous_is_401_naming_the_node() =>
        AssertError(await Fails(Node("account_create", ("name", "anon-acc")), null), 401, ErrorCodes.Authentication);

    [Test]
    public async Task An_account_manager_may_not_create_accounts()
    {
        var error = await Fails(Node("account_create", ("name", "mine")), AcmeManager);
        AssertError(error, 403, ErrorCodes.Authentication);
        Assert.That(await Database.ReadAsync(db => AccountMapper.FindByNameAsync(db, "mine")), Is.Null);
    }

    [TestCase("two words", "may contain only letters, digits")]
    [TestCase("-dash-first", "must start with a letter or digit")]
    [TestCase("   ", "'name' must not be empty.")]
    public async Task A_bad_name_is_400_with_the_problem(string name, string problem)
    {
        var error = await Fails(Node("account_create", ("name", name)), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Has.Count.EqualTo(1));
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public async Task A_name_over_64_characters_is_refused() =>
        Assert.That((await Fails(Node("account_create", ("name", new string('a', 65))), Admin)).Message,
            Is.EqualTo("'name' must be at most 64 characters long."));

    [Test]
    public async Task A_missing_request_value_is_reported_by_the_validator()
    {
        var error = await Fails("""
            {"processor": "account_create", "id": "admin", "name": {"processor": "var_post", "id": "name", "key": "name", "nullable": true}}
            """, Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[] { "'name' is required." }));
    }

    [Test]
    public async Task A_taken_name_is_409()
    {
        var error = await Fails(Node("account_create", ("name", "acme")), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Is.EqualTo("An account named 'acme' already exists."));
    }

    [Test]
    public void The_name_input_is_required_at_publish()
    {
        var error = PublishFails(Node("account_create"));
        Assert.That(error.Errors.Select(e => (e.NodeId, e.Input)), Does.Contain(("admin", "name")));
    }

    [Test]
    public void A_name_that_is_not_text_is_refused_at_publish()
    {
        var error = PublishFails(Node("account_create", ("name", 5L)));
        Assert.That(error.Errors.Select(e => (e.NodeId, e.Input)), Does.Contain(("admin", "name")));
    }
}
