using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Requests;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Support;

/// <summary>
/// Runs resource trees inside a <see cref="TestHost"/>'s services (database, registry, outbound HTTP, mailer), served in
/// an application of the host (examples/demo by default) and with a chosen caller: processor tests for processors
/// that need the host, without going through HTTP.
/// </summary>
public static class HostedRuns
{
    /// <summary>A resource document for an application of the host around a <c>process</c> tree given as YAML.</summary>
    public static string Document(string processYaml, string uri = "hosted-test", string method = "get",
        string account = "examples", string application = "demo", string extra = "") =>
        $"""
        name: Hosted test
        description: A resource written by a test.
        account: {account}
        application: {application}
        uri: {uri}
        method: {method}
        ttl: 0
        {extra}
        process:
        {string.Join("\n", processYaml.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(line => "  " + line))}
        """;

    /// <summary>A caller holding one role, limited to an account and/or application (null = everywhere).</summary>
    public static Caller CallerWith(string role, long? accid, long? appid) => new(7, "tester", [new RoleGrant(role, accid, appid)]);

    /// <summary>The ids of an application of the host.</summary>
    public static ResourceScope Scope(TestHost host, string account = "examples", string application = "demo")
    {
        var app = host.Registry.FindApplication(account, application)
            ?? throw new InvalidOperationException($"{account}/{application} does not exist in the test host.");
        return new ResourceScope(app.Accid, app.Appid, app.Account, app.Name);
    }

    /// <summary>Runs a <c>process</c> tree in the host and returns its value.</summary>
    public static async Task<DataContainer> Run(TestHost host, string processYaml, Caller? caller = null, ApiRequest? request = null,
        string account = "examples", string application = "demo", EvaluationOptions? options = null)
    {
        var prepared = host.Registry.Planner.Prepare(ResourceLoader.Load(Document(processYaml, account: account, application: application), "hosted.yaml"));
        using var context = new EvaluationContext(request ?? new ApiRequest(), options, host.Services)
        {
            Scope = Scope(host, account, application),
            Caller = caller,
        };
        return (await prepared.ExecuteAsync(context)).Value;
    }

    /// <summary>Runs a tree in the host that must fail; returns the error.</summary>
    public static async Task<ApiException> RunFails(TestHost host, string processYaml, Caller? caller = null, ApiRequest? request = null,
        string account = "examples", string application = "demo", EvaluationOptions? options = null)
    {
        try
        {
            var value = await Run(host, processYaml, caller, request, account, application, options);
            Assert.Fail($"Expected an ApiException, got {value.Type.Name()} {value}.");
            throw new InvalidOperationException();
        }
        catch (ApiException ex)
        {
            return ex;
        }
    }
}
