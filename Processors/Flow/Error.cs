using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Flow;

/// <summary>Ends the request with an error answer of the status, code and message the tree chose.</summary>
public sealed class Error : Processor
{
    /// <summary>The lowest status an error may have.</summary>
    public const int MinStatus = 400;

    /// <summary>The highest status an error may have.</summary>
    public const int MaxStatus = 599;

    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Error",
        "Ends the request with an error answer: nothing after this node runs, and the client receives the application's " +
        "error envelope with this node's id, the code and the message, under the status given. " +
        "Example, the else branch of an if_then_else that looks a country up: " +
        "{processor: error, id: unknown_country, message: \"Unknown country.\", status: 404, code: 6} answers 404 " +
        "{\"result\":\"error\",\"data\":{\"id\":\"unknown_country\",\"code\":6,\"message\":\"Unknown country.\"}}.",
        new InputSpec("message", "The message sent to the client (not empty; a number or boolean is written as text).")
        {
            Min = 1, LimitTypes = [DataType.Text, DataType.Integer, DataType.Float, DataType.Boolean],
        },
        new InputSpec("code", "The error code, 0 or more: 0 core, 1 processor format, 2 database, 3 invalid call, " +
            "4 authentication, 5 external service, 6 invalid input, 7 invalid application, 8 configuration, or a code of your own.")
        {
            LimitTypes = [DataType.Integer], Default = 0L,
        },
        new InputSpec("status", $"The HTTP status, {MinStatus} to {MaxStatus}.") { LimitTypes = [DataType.Integer], Default = 400L })
    {
        // It never returns: an error fits wherever a value is expected.
        Returns = ProcessorDetails.AnyType,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var message = context.Val("message").AsText(context.NodeId);
        var code = context.Val("code").AsInteger(context.NodeId);
        var status = context.Val("status").AsInteger(context.NodeId);
        if (message.Length == 0)
        {
            throw context.Error($"Input 'message' must not be empty (node '{context.NodeId}').");
        }
        if (code is < 0 or > int.MaxValue)
        {
            throw context.Error($"Input 'code' must be 0 or more, got {code} (node '{context.NodeId}').");
        }
        if (status is < MinStatus or > MaxStatus)
        {
            throw context.Error($"Input 'status' must be between {MinStatus} and {MaxStatus}, got {status} (node '{context.NodeId}').");
        }
        throw new ApiException(message, (int)code, context.NodeId, (int)status);
    }
}
