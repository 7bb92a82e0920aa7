using ApiStudio.Engine.Hosting;
using ApiStudio.Tests.Support;
using Microsoft.Extensions.Options;

namespace ApiStudio.Tests.Engine.Hosting;

/// <summary>Limits that would switch a protection off by accident stop the host from starting, naming every key.</summary>
public class OptionsValidationTests
{
    [Test]
    public void The_defaults_are_valid() =>
        Assert.That(new ApiStudioOptionsValidator().Validate(null, new ApiStudioOptions()).Succeeded);

    [Test]
    public void Every_zero_or_negative_limit_is_named()
    {
        var options = new ApiStudioOptions();
        options.Budget.TimeSeconds = 0;
        options.Budget.MemoryBytes = -1;
        options.SignIn.UserLockoutAfter = -2;
        options.SignIn.LockoutSeconds = 0;
        options.Sql.MaxRows = 0;
        var result = new ApiStudioOptionsValidator().Validate(null, options);
        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "ApiStudio:Budget:TimeSeconds must be greater than 0 (it is 0).",
            "ApiStudio:Budget:MemoryBytes must be greater than 0 (it is -1).",
            "ApiStudio:SignIn:UserLockoutAfter must be 0 or more (it is -2).",
            "ApiStudio:SignIn:LockoutSeconds must be greater than 0 (it is 0).",
            "ApiStudio:Sql:MaxRows must be greater than 0 (it is 0).",
        }));
    }

    [Test]
    public void The_javascript_engine_pool_needs_at_least_one_engine_and_one_run()
    {
        var options = new ApiStudioOptions();
        options.Scripting.JavaScript.PoolSize = 0;
        options.Scripting.JavaScript.RunsPerEngine = 0;
        var result = new ApiStudioOptionsValidator().Validate(null, options);
        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "ApiStudio:Scripting:JavaScript:PoolSize must be greater than 0 (it is 0).",
            "ApiStudio:Scripting:JavaScript:RunsPerEngine must be greater than 0 (it is 0).",
        }));
    }

    [Test]
    public void A_host_with_a_zero_budget_does_not_start()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await TestHost.StartAsync(new Dictionary<string, string?> { ["ApiStudio:Budget:MemoryBytes"] = "0" }));
        Assert.That(ex!.Message, Does.Contain("ApiStudio:Budget:MemoryBytes must be greater than 0"));
    }
}
