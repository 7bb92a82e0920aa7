using System.Security.Cryptography;
using ApiStudio.Engine.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApiStudio.Tests.Engine.Security;

/// <summary>Signing and reading access tokens, without a host.</summary>
public class AccessTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(64));
    private static readonly DateTimeOffset Issued = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static AccessTokenClaims Claims(TimeSpan? lifetime = null) => new(42, "ada",
        [new RoleGrant("Developer", 3, 7), new RoleGrant("Administrator", null, null)], Issued, Issued + (lifetime ?? TimeSpan.FromHours(1)));

    private static string Token(AccessTokenClaims? claims = null, SecurityKey? key = null, string issuer = "apistudio", string audience = "apistudio") =>
        AccessTokens.Create(key ?? Key, issuer, audience, claims ?? Claims());

    private static TokenCheck Read(string? token, DateTimeOffset? now = null, bool checkLifetime = true) =>
        AccessTokens.Read(Key, "apistudio", "apistudio", token, checkLifetime, now ?? Issued.AddMinutes(1));

    [Test]
    public void A_token_round_trips_its_claims()
    {
        var check = Read(Token());
        Assert.That(check.Failure, Is.EqualTo(TokenFailure.None));
        var claims = check.Claims!;
        Assert.That((claims.Uid, claims.Username, claims.IssuedAt, claims.Expires), Is.EqualTo((42L, "ada", Issued, Issued.AddHours(1))));
        Assert.That(claims.Roles, Is.EqualTo(new[] { new RoleGrant("Developer", 3, 7), new RoleGrant("Administrator", null, null) }));
    }

    [Test]
    public void The_token_is_hs256_with_standard_claims()
    {
        var jwt = new JsonWebToken(Token());
        Assert.That((jwt.Alg, jwt.Issuer, jwt.Subject), Is.EqualTo(("HS256", "apistudio", "42")));
        Assert.That(jwt.Audiences, Is.EqualTo(new[] { "apistudio" }));
        Assert.That(jwt.ValidTo, Is.EqualTo(Issued.AddHours(1).UtcDateTime));
        Assert.That(jwt.Id, Is.Not.Empty, "every token has its own id");
        Assert.That(new JsonWebToken(Token()).Id, Is.Not.EqualTo(jwt.Id));
    }

    [Test]
    public void An_expired_token_is_refused_as_expired_but_still_names_its_user_for_a_refresh()
    {
        var token = Token();
        var late = Issued.AddHours(2);
        Assert.That(Read(token, late).Failure, Is.EqualTo(TokenFailure.Expired));
        var unchecked_ = Read(token, late, checkLifetime: false);
        Assert.That((unchecked_.Failure, unchecked_.Claims!.Uid), Is.EqualTo((TokenFailure.None, 42L)));
    }

    [Test]
    public void Expiry_tolerates_a_small_clock_skew_only()
    {
        var token = Token();
        Assert.That(Read(token, Issued.AddHours(1).AddSeconds(10)).IsValid, Is.True);
        Assert.That(Read(token, Issued.AddHours(1) + AccessTokens.ClockSkew).IsValid, Is.False);
        Assert.That(Read(token, Issued.AddMinutes(-5)).Failure, Is.EqualTo(TokenFailure.Expired), "not valid before it was issued");
    }

    [Test]
    public void A_missing_token_is_missing()
    {
        Assert.That(Read(null).Failure, Is.EqualTo(TokenFailure.Missing));
        Assert.That(Read("  ").Failure, Is.EqualTo(TokenFailure.Missing));
    }

    [Test]
    public void Another_key_issuer_or_audience_makes_the_token_invalid()
    {
        Assert.That(Read(Token(key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)))).Failure, Is.EqualTo(TokenFailure.Invalid));
        Assert.That(Read(Token(issuer: "someone-else")).Failure, Is.EqualTo(TokenFailure.Invalid));
        Assert.That(Read(Token(audience: "someone-else")).Failure, Is.EqualTo(TokenFailure.Invalid));
    }

    [Test]
    public void A_changed_payload_or_signature_makes_the_token_invalid()
    {
        var parts = Token().Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"uid\":42", "\"uid\":1", StringComparison.Ordinal);
        Assert.That(Read($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}").Failure, Is.EqualTo(TokenFailure.Invalid));
        var signature = parts[2].ToCharArray();
        signature[3] = signature[3] == 'A' ? 'B' : 'A';
        Assert.That(Read($"{parts[0]}.{parts[1]}.{new string(signature)}").Failure, Is.EqualTo(TokenFailure.Invalid));
    }

    [Test]
    public void Unsigned_and_other_algorithm_tokens_are_invalid()
    {
        var parts = Token().Split('.');
        var none = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        Assert.That(Read($"{none}.{parts[1]}.").Failure, Is.EqualTo(TokenFailure.Invalid));
        Assert.That(Read($"{none}.{parts[1]}").Failure, Is.EqualTo(TokenFailure.Invalid));
        var hs512 = new JsonWebTokenHandler().CreateToken(Base64UrlEncoder.Decode(parts[1]), new SigningCredentials(Key, SecurityAlgorithms.HmacSha512));
        Assert.That(Read(hs512).Failure, Is.EqualTo(TokenFailure.Invalid), "only HS256 is accepted");
    }

    [TestCase("garbage")]
    [TestCase("a.b.c")]
    [TestCase("....")]
    public void Malformed_tokens_are_invalid_without_throwing(string token) =>
        Assert.That(Read(token).Failure, Is.EqualTo(TokenFailure.Invalid));

    [Test]
    public void A_token_longer_than_the_limit_is_refused_unread() =>
        Assert.That(Read(new string('a', AccessTokens.MaxTokenLength + 1)).Failure, Is.EqualTo(TokenFailure.Invalid));

    [Test]
    public void A_signed_token_without_the_user_claims_is_invalid()
    {
        var payload = $$"""{"iss":"apistudio","aud":"apistudio","iat":{{Issued.ToUnixTimeSeconds()}},"exp":{{Issued.AddHours(1).ToUnixTimeSeconds()}}}""";
        var token = new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(Key, SecurityAlgorithms.HmacSha256));
        Assert.That(Read(token).Failure, Is.EqualTo(TokenFailure.Invalid));
    }
}
