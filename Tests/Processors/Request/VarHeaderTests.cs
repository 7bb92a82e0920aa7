using ApiStudio.Engine.Requests;
using static ApiStudio.Tests.Support.TestEngine;

namespace ApiStudio.Tests.Processors.Request;

public class VarHeaderTests : RequestVariableContract
{
    protected override string Processor => "var_header";

    protected override string Source => "Header";

    protected override ApiRequest With(string key, string value) =>
        new() { Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [key] = value } };

    [TestCase("X-Tenant")]
    [TestCase("x-tenant")]
    [TestCase("X-TENANT")]
    public async Task Header_name_is_case_insensitive(string written)
    {
        var value = await Run(Node(written), With("x-Tenant", "acme"));
        Assert.That(value.Data, Is.EqualTo("acme"));
    }

    [Test]
    public async Task Header_name_is_case_insensitive_even_in_a_case_sensitive_map()
    {
        var request = new ApiRequest { Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Tenant"] = "acme" } };
        var value = await Run(Node("x-tenant"), request);
        Assert.That(value.Data, Is.EqualTo("acme"));
    }

    [Test]
    public async Task Query_variables_are_not_headers()
    {
        var error = await RunFails(Node("x-tenant"), Get(("x-tenant", "acme")));
        Assert.That(error.Message, Is.EqualTo("Header (x-tenant) does not exist or is undefined."));
    }
}
