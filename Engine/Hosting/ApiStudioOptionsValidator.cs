using ApiStudio.Engine.Scripting;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Hosting;

/// <summary>
/// Refuses limits that would switch a protection off by accident (a zero or negative budget, window or lockout): the
/// host does not start, and the message names every key that is wrong.
/// </summary>
public sealed class ApiStudioOptionsValidator : IValidateOptions<ApiStudioOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiStudioOptions options)
    {
        var problems = new List<string>();
        void Positive(double value, string key)
        {
            if (!(value > 0))
            {
                problems.Add($"ApiStudio:{key} must be greater than 0 (it is {value}).");
            }
        }
        void NotNegative(double value, string key)
        {
            if (value < 0)
            {
                problems.Add($"ApiStudio:{key} must be 0 or more (it is {value}).");
            }
        }
        Positive(options.Budget.TimeSeconds, "Budget:TimeSeconds");
        Positive(options.Scripting.JavaScript.TimeoutSeconds, "Scripting:JavaScript:TimeoutSeconds");
        if (options.Scripting.JavaScript.MaxStatements < JavaScriptOptions.MinimumStatements)
        {
            problems.Add($"ApiStudio:Scripting:JavaScript:MaxStatements must be at least {JavaScriptOptions.MinimumStatements} (it is {options.Scripting.JavaScript.MaxStatements}).");
        }
        Positive(options.Scripting.JavaScript.MaxRecursionDepth, "Scripting:JavaScript:MaxRecursionDepth");
        Positive(options.Scripting.JavaScript.MemoryBytes, "Scripting:JavaScript:MemoryBytes");
        Positive(options.Scripting.JavaScript.PoolSize, "Scripting:JavaScript:PoolSize");
        Positive(options.Scripting.JavaScript.RunsPerEngine, "Scripting:JavaScript:RunsPerEngine");
        Positive(options.Scripting.CSharp.TimeoutSeconds, "Scripting:CSharp:TimeoutSeconds");
        Positive(options.Scripting.CSharp.MemoryBytes, "Scripting:CSharp:MemoryBytes");
        Positive(options.Scripting.CSharp.StackBytes, "Scripting:CSharp:StackBytes");
        Positive(options.Scripting.MaxApiDepth, "Scripting:MaxApiDepth");
        foreach (var (engine, workers) in new[] { ("NodeJs", options.Scripting.NodeJs), ("Python", options.Scripting.Python) })
        {
            NotNegative(workers.Workers, $"Scripting:{engine}:Workers");
            Positive(workers.TimeoutSeconds, $"Scripting:{engine}:TimeoutSeconds");
            Positive(workers.MemoryMegabytes, $"Scripting:{engine}:MemoryMegabytes");
        }
        Positive(options.Budget.MemoryBytes, "Budget:MemoryBytes");
        NotNegative(options.SignIn.UserDelayAfter, "SignIn:UserDelayAfter");
        NotNegative(options.SignIn.UserLockoutAfter, "SignIn:UserLockoutAfter");
        NotNegative(options.SignIn.AddressDelayAfter, "SignIn:AddressDelayAfter");
        NotNegative(options.SignIn.AddressLockoutAfter, "SignIn:AddressLockoutAfter");
        Positive(options.SignIn.MaxDelaySeconds, "SignIn:MaxDelaySeconds");
        Positive(options.SignIn.LockoutSeconds, "SignIn:LockoutSeconds");
        Positive(options.SignIn.WindowSeconds, "SignIn:WindowSeconds");
        Positive(options.SignIn.MaxTracked, "SignIn:MaxTracked");
        Positive(options.MaxBodyBytes, "MaxBodyBytes");
        Positive(options.Sql.CommandTimeoutSeconds, "Sql:CommandTimeoutSeconds");
        Positive(options.Sql.MaxRows, "Sql:MaxRows");
        problems.AddRange(options.Queue.Problems());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
