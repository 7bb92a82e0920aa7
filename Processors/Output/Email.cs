using ApiStudio.Engine.Outbound;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Output;

/// <summary>Sends the data (by default the result of process) by e-mail through the configured SMTP server.</summary>
public sealed class Email : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Email",
        "Formats the data (default: the result of process) as JSON, HTML, XML or text and sends it by e-mail through the SMTP " +
        "server of ApiStudio:Email; returns true. In the output section it sends a copy of the result and leaves the response " +
        "to the other entries.",
        new InputSpec("to", "Recipient addresses.") { Min = 1, Max = InputSpec.Many, LimitTypes = [DataType.Text] },
        new InputSpec("from", "Sender address; default ApiStudio:Email:From.") { LimitTypes = [DataType.Text] },
        new InputSpec("subject", "Subject line.") { LimitTypes = [DataType.Text], Default = "ApiStudio resource result" },
        new InputSpec("format", "How to format the data in the body.") { LimitTypes = [DataType.Text], LimitValues = ["json", "html", "xml", "text"], Default = "json" },
        OutputData.Input)
    {
        Returns = [DataType.Boolean],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var mailer = context.Evaluation.Services?.GetService<SmtpMailer>()
            ?? throw context.Error("The email processor needs the host's mailer.", ErrorCodes.Configuration, 500);
        var recipients = context.Values("to");
        var to = new List<string>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            to.Add(recipients[i].AsText(context.NodeId));
        }
        var format = (string)context.Val("format").Data! switch
        {
            "html" => OutputFormat.Html,
            "xml" => OutputFormat.Xml,
            "text" => OutputFormat.Text,
            _ => OutputFormat.Json,
        };
        var body = (string)OutputData.Format(context, format).Data!;
        var from = context.Has("from") ? context.Val("from").AsText(context.NodeId) : null;
        // Its errors name no node: the parser attributes them to this one.
        await mailer.SendAsync(new EmailMessage(from, to, context.Val("subject").AsText(context.NodeId), body, format == OutputFormat.Html),
            context.CancellationToken).ConfigureAwait(false);
        return DataContainer.True;
    }
}
