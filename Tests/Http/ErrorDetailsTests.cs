using ApiStudio.Engine.Http;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Tests.Http;

/// <summary>An error listing several problems shows them beside the message in both envelopes; a single error is unchanged.</summary>
public class ErrorDetailsTests
{
    private static readonly ApiException Listed = new("'a' is required. 'b' is required.", ErrorCodes.InvalidInput, "node", 400)
    {
        Details = ["'a' is required.", "'b' is required."],
    };

    private static string Body(ApiException error, bool wrap) =>
        System.Text.Encoding.UTF8.GetString(ApiResponseWriter.Error(error, OutputFormat.Json, wrap).Body);

    [Test]
    public void The_wrapped_error_lists_them_in_details() =>
        Assert.That(Body(Listed, wrap: true), Is.EqualTo(
            """{"result":"error","data":{"id":"node","code":6,"message":"'a' is required. 'b' is required.","details":["'a' is required.","'b' is required."]}}"""));

    [Test]
    public void The_raw_error_lists_them_in_its_context() =>
        Assert.That(Body(Listed, wrap: false), Is.EqualTo(
            """{"error":{"code":6,"context":{"errors":["'a' is required.","'b' is required."]},"message":"'a' is required. 'b' is required.","status_code":400}}"""));

    [Test]
    public void A_single_error_keeps_the_shapes_without_details()
    {
        var single = new ApiException("Bad.", ErrorCodes.InvalidInput, "node", 400);
        Assert.That(Body(single, wrap: true), Is.EqualTo("""{"result":"error","data":{"id":"node","code":6,"message":"Bad."}}"""));
        Assert.That(Body(single, wrap: false), Does.Contain("\"context\":null"));
    }

    [Test]
    public void Details_survive_the_node_being_named() =>
        Assert.That(new ApiException("x") { Details = ["x"] }.WithNode("n").Details, Is.EqualTo(new[] { "x" }));
}
