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
        new InputSpec("cc", "Copy recipient addresses.") { Max = InputSpec.Many, LimitTypes = [DataType.Text] },
        new InputSpec("bcc", "Blind copy recipient addresses.") { Max = InputSpec.Many, LimitTypes = [DataType.Text] },
        new InputSpec("from", "Sender address; default ApiStudio:Email:From.") { LimitTypes = [DataType.Text] },
        new InputSpec("reply_to", "The address replies go to; default the sender.") { LimitTypes = [DataType.Text] },
        new InputSpec("subject", "Subject line.") { LimitTypes = [DataType.Text], Default = "ApiStudio resource result" },
        new InputSpec("format", "How to format the data in the body.") { LimitTypes = [DataType.Text], LimitValues = ["json", "html", "xml", "text"], Default = "json" },
        new InputSpec("text", "With format html: a plain-text alternative of the body, for mail readers that show no HTML.") { LimitTypes = [DataType.Text] },
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
        var to = Addresses(context, "to");
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
        var message = new EmailMessage(from, to, context.Val("subject").AsText(context.NodeId), body, format == OutputFormat.Html)
        {
            Cc = Addresses(context, "cc"),
            Bcc = Addresses(context, "bcc"),
            ReplyTo = context.Has("reply_to") ? context.Val("reply_to").AsText(context.NodeId) : null,
            PlainText = context.Has("text") ? context.Val("text").AsText(context.NodeId) : null,
        };
        await mailer.SendAsync(message, context.CancellationToken).ConfigureAwait(false);
        return DataContainer.True;
    }

    private static List<string> Addresses(NodeContext context, string input)
    {
        var values = context.Values(input);
        var addresses = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            addresses.Add(values[i].AsText(context.NodeId));
        }
        return addresses;
    }
}
