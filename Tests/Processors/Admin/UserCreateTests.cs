using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Admin;

public class UserCreateTests : AdminWorld
{
    [Test]
    public async Task An_account_manager_creates_a_user_whose_password_is_hashed_and_never_returned()
    {
        var created = MapOf(await Run(Node("user_create", ("username", "newbie"), ("password", "Fresh-Start-42"), ("email", "newbie@example.com")), AcmeManager));
        Assert.That(created.Keys, Is.EqualTo(new[] { "uid", "username", "email", "active" }));
        Assert.That((created["username"], created["email"], created["active"]), Is.EqualTo(("newbie", "newbie@example.com", true)));
        var stored = (await Database.ReadAsync(db => UserMapper.FindByIdAsync(db, (long)created["uid"]!)))!;
        Assert.That(stored.PasswordHash, Does.Not.Contain("Fresh-Start-42"));
        var hasher = Services.GetRequiredService<IPasswordHasher<UserRow>>();
        Assert.That(hasher.VerifyHashedPassword(stored, stored.PasswordHash, "Fresh-Start-42"), Is.Not.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public async Task Every_weakness_of_the_password_and_every_bad_field_is_listed_at_once()
    {
        var error = await Fails(Node("user_create", ("username", "x"), ("password", "xshort"), ("email", "not-an-email")), Admin);
        AssertError(error, 400, ErrorCodes.InvalidInput);
        Assert.That(error.Details, Is.EqualTo(new[]
        {
            "'username' must be at least 3 characters: letters, digits, '_', '-', '.' or '@', starting with a letter or digit.",
            "'email' must be an e-mail address such as ada@example.com.",
            "'password' must be at least 10 characters long.",
            "'password' must contain an upper-case letter.",
            "'password' must contain a digit.",
            "'password' must not contain the user name.",
        }));
    }

    [Test]
    public async Task Missing_values_from_the_request_are_listed_together()
    {
        var error = await Fails("""
            {"processor": "user_create", "id": "admin",
             "username": {"processor": "var_post", "id": "u", "key": "username", "nullable": true},
             "password": {"processor": "var_post", "id": "p", "key": "password", "nullable": true}}
            """, Admin);
        Assert.That(error.Details, Is.EqualTo(new[] { "'username' is required.", "'password' is required." }));
    }

    [Test]
    public async Task A_taken_user_name_or_email_is_409()
    {
        AssertError(await Fails(Node("user_create", ("username", "shop_dev"), ("password", "Another-Pass-1")), Admin), 409, ErrorCodes.InvalidInput);
        var error = await Fails(Node("user_create", ("username", "someone"), ("password", "Another-Pass-1"), ("email", "SHOP_DEV@example.com")), Admin);
        AssertError(error, 409, ErrorCodes.InvalidInput);
        Assert.That(error.Message, Does.Contain("e-mail"));
    }

    [Test]
    public async Task Developers_and_consumers_may_not_create_users()
    {
        AssertError(await Fails(Node("user_create", ("username", "sneaky"), ("password", "Sneaky-Pass-1")), ShopManager), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_create", ("username", "sneaky"), ("password", "Sneaky-Pass-1")), ShopConsumer), 403, ErrorCodes.Authentication);
        AssertError(await Fails(Node("user_create", ("username", "sneaky"), ("password", "Sneaky-Pass-1")), null), 401, ErrorCodes.Authentication);
    }

    [Test]
    public async Task An_inactive_user_can_be_created() =>
        Assert.That(MapOf(await Run(Node("user_create", ("username", "sleeper"), ("password", "Quiet-Night-1"), ("active", false)), Admin))["active"],
            Is.EqualTo(false));

    [Test]
    public void Username_and_password_are_required_at_publish() =>
        Assert.That(PublishFails(Node("user_create")).Errors.Select(e => e.Input), Is.SupersetOf(new[] { "username", "password" }));
}
