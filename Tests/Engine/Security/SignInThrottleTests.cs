using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Security;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Security;

/// <summary>
/// The sign-in throttle on its own, with explicit client addresses and a clock the test moves: free failures, doubling
/// delays, lockouts (growing), resets, per-address counting across user names, and the memory bound.
/// </summary>
public class SignInThrottleTests
{
    private const string Here = "203.0.113.7";
    private const string There = "198.51.100.9";

    private ManualClock _clock = null!;

    [SetUp]
    public void NewClock() => _clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SignInThrottle Throttle(SignInOptions? settings = null) =>
        new(Options.Create(new ApiStudioOptions { SignIn = settings ?? new SignInOptions() }), _clock);

    /// <summary>One wrong-password attempt: zero when it went through (and failed), else the wait it was refused with.</summary>
    private static TimeSpan Fail(SignInThrottle throttle, string? user, string address = Here)
    {
        var wait = throttle.TryBegin(user, address);
        if (wait == TimeSpan.Zero)
        {
            throttle.Failed(user, address);
        }
        return wait;
    }

    [Test]
    public void The_first_failures_are_free_then_each_attempt_waits_a_doubling_delay()
    {
        using var throttle = Throttle();
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), $"failure {i + 1} is free");
        }
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(1)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), "after the delay one more attempt goes through");
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(2)));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero));
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void The_delay_stops_growing_at_its_maximum()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 1, UserLockoutAfter = 0, MaxDelaySeconds = 5, AddressDelayAfter = 0, AddressLockoutAfter = 0 });
        var waits = new List<TimeSpan>();
        Fail(throttle, "ada");
        for (var i = 0; i < 6; i++)
        {
            var wait = throttle.TryBegin("ada", Here);
            waits.Add(wait);
            _clock.Advance(wait);
            Fail(throttle, "ada");
        }
        Assert.That(waits.Select(w => w.TotalSeconds), Is.EqualTo(new double[] { 1, 2, 4, 5, 5, 5 }));
    }

    [Test]
    public void A_lockout_refuses_every_attempt_until_it_ends_and_is_reported_once()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 0, UserLockoutAfter = 3, LockoutSeconds = 60 });
        var started = new List<SignInLockout>();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.Zero));
            started.Add(throttle.Failed("ada", Here));
        }
        Assert.That(started, Is.EqualTo(new[] { SignInLockout.None, SignInLockout.None, SignInLockout.User }));
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(60)), "the right password is refused too: it is never checked");
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(1)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.Zero), "the lockout is over");
        throttle.Succeeded("ada", Here);
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), "a success starts the count again");
    }

    [Test]
    public void Each_further_lockout_lasts_twice_as_long()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 0, UserLockoutAfter = 2, LockoutSeconds = 60, WindowSeconds = 3600 });
        Fail(throttle, "ada");
        Fail(throttle, "ada");
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(60)));
        _clock.Advance(TimeSpan.FromSeconds(60));
        Fail(throttle, "ada");
        Fail(throttle, "ada");
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void After_a_lockout_the_next_failures_are_delayed_at_once()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 2, UserLockoutAfter = 4, LockoutSeconds = 60, WindowSeconds = 3600 });
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero));
        }
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), "the end of the lockout allows one attempt at once");
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.FromSeconds(1)), "no new round of free failures");
    }

    [Test]
    public void A_success_clears_the_user_name_but_not_the_address()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 3, AddressDelayAfter = 5 });
        Fail(throttle, "ada");
        Fail(throttle, "ada");
        Fail(throttle, "bob");
        Assert.That(throttle.TryBegin("ada", Here), Is.EqualTo(TimeSpan.Zero));
        throttle.Succeeded("ada", Here);
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), "ada's count started again");
        Assert.That(throttle.TryBegin("cy", Here), Is.GreaterThan(TimeSpan.Zero),
            "the address kept its 3 earlier failures and the 2 new ones: signing in to one's own account wipes nothing out");
    }

    [Test]
    public void One_address_trying_many_user_names_is_delayed_then_locked_out_while_other_addresses_are_not()
    {
        using var throttle = Throttle(new SignInOptions { AddressDelayAfter = 5, AddressLockoutAfter = 8, LockoutSeconds = 300 });
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Fail(throttle, $"user{i}"), Is.EqualTo(TimeSpan.Zero));
        }
        Assert.That(throttle.TryBegin("user-new", Here), Is.EqualTo(TimeSpan.FromSeconds(1)), "a fresh name from the same address waits");
        Assert.That(throttle.TryBegin("user-new", There), Is.EqualTo(TimeSpan.Zero), "another address is not slowed");
        throttle.Succeeded("user-new", There);
        var started = SignInLockout.None;
        for (var i = 5; i < 8; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.That(throttle.TryBegin($"user{i}", Here), Is.EqualTo(TimeSpan.Zero));
            started |= throttle.Failed($"user{i}", Here);
        }
        Assert.That(started, Is.EqualTo(SignInLockout.Address));
        Assert.That(throttle.TryBegin("anyone", Here), Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(throttle.TryBegin("anyone", There), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void One_user_name_attacked_from_many_addresses_is_still_locked_out()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 0, UserLockoutAfter = 5, LockoutSeconds = 300 });
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Fail(throttle, "ada", $"10.0.0.{i}"), Is.EqualTo(TimeSpan.Zero));
        }
        Assert.That(throttle.TryBegin("ada", "10.0.0.99"), Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(throttle.TryBegin("bob", "10.0.0.99"), Is.EqualTo(TimeSpan.Zero), "other names are not affected");
    }

    [Test]
    public void Parallel_attempts_are_counted_when_they_begin()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 3, UserLockoutAfter = 6 });
        var admitted = Enumerable.Range(0, 100).AsParallel().Count(_ => throttle.TryBegin("ada", Here) == TimeSpan.Zero);
        Assert.That(admitted, Is.EqualTo(3), "the free attempts only: the rest wait without being verified");
    }

    [Test]
    public void User_names_differing_in_case_or_spaces_share_a_count()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 2 });
        Fail(throttle, "Ada");
        Fail(throttle, " ada ");
        Assert.That(throttle.TryBegin("ADA", There), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void Failures_are_forgotten_when_the_window_has_passed()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 2, WindowSeconds = 600 });
        Fail(throttle, "ada");
        Fail(throttle, "ada");
        Assert.That(throttle.TryBegin("ada", Here), Is.GreaterThan(TimeSpan.Zero));
        _clock.Advance(TimeSpan.FromSeconds(600));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero));
        Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero), "a new window with its free failures");
    }

    [Test]
    public void Attempts_without_a_user_name_count_against_the_address_only()
    {
        using var throttle = Throttle(new SignInOptions { AddressDelayAfter = 2 });
        Fail(throttle, null);
        Fail(throttle, null);
        Assert.That(throttle.TryBegin("ada", Here), Is.GreaterThan(TimeSpan.Zero));
        Assert.That(throttle.TryBegin("ada", There), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Limits_of_zero_turn_the_steps_off()
    {
        using var throttle = Throttle(new SignInOptions { UserDelayAfter = 0, UserLockoutAfter = 0, AddressDelayAfter = 0, AddressLockoutAfter = 0 });
        for (var i = 0; i < 50; i++)
        {
            Assert.That(Fail(throttle, "ada"), Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public void Memory_stays_bounded_when_an_attacker_cycles_names_and_addresses()
    {
        using var throttle = Throttle(new SignInOptions { MaxTracked = 1000 });
        for (var i = 0; i < 20_000; i++)
        {
            Fail(throttle, $"name{i}", $"10.{i / 65536}.{i / 256 % 256}.{i % 256}");
        }
        Assert.That(throttle.Tracked, Is.LessThanOrEqualTo(1000));
    }
}
