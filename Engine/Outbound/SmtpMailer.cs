using System.Net;
using System.Net.Mail;
using System.Text;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Processing;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Outbound;

/// <summary>An e-mail to send.</summary>
/// <param name="From">Sender address, or null for the configured one.</param>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Body">Body text.</param>
/// <param name="IsHtml">True when the body is HTML.</param>
public sealed record EmailMessage(string? From, IReadOnlyList<string> To, string Subject, string Body, bool IsHtml)
{
    /// <summary>Copy recipients.</summary>
    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>Blind copy recipients (never written in the message's headers).</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>The address replies go to, or null for the sender.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>A plain-text alternative of an HTML body, or null.</summary>
    public string? PlainText { get; init; }
}

/// <summary>
/// Sends e-mail through the SMTP server of <c>ApiStudio:Email</c>. Addresses and the subject are checked first (no
/// header injection: an address that does not parse or a subject with a line break is refused). Errors are
/// <see cref="ApiException"/>s without a node id: 400 code 6 for bad input, 500 code 8 when e-mail is not configured,
/// 502 code 5 when the server refuses or cannot be reached.
/// </summary>
public sealed class SmtpMailer(IOptions<ApiStudioOptions> options)
{
    /// <summary>The SMTP settings.</summary>
    public EmailOptions Options => options.Value.Email;

    /// <summary>Sends one message.</summary>
    public async Task SendAsync(EmailMessage email, CancellationToken cancellationToken)
    {
        var settings = Options;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new ApiException("E-mail is not configured: set ApiStudio:Email:Host.", ErrorCodes.Configuration, null, 500);
        }
        var from = email.From ?? settings.From;
        if (string.IsNullOrWhiteSpace(from))
        {
            throw new ApiException("No sender address: give 'from' or set ApiStudio:Email:From.", ErrorCodes.Configuration, null, 500);
        }
        if (email.Subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ApiException("The e-mail subject must be one line.", ErrorCodes.InvalidInput, null, 400);
        }
        using var message = new MailMessage
        {
            From = Address(from),
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = email.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = email.IsHtml,
        };
        foreach (var to in email.To)
        {
            message.To.Add(Address(to));
        }
        foreach (var cc in email.Cc)
        {
            message.CC.Add(Address(cc));
        }
        foreach (var bcc in email.Bcc)
        {
            message.Bcc.Add(Address(bcc));
        }
        if (email.ReplyTo is { } replyTo)
        {
            message.ReplyToList.Add(Address(replyTo));
        }
        if (email.IsHtml && email.PlainText is { } plain)
        {
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(plain, Encoding.UTF8, "text/plain"));
        }
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = settings.EnableSsl,
            Timeout = checked(settings.TimeoutSeconds * 1000),
            Credentials = string.IsNullOrEmpty(settings.UserName) ? null : new NetworkCredential(settings.UserName, settings.Password),
        };
        try
        {
            await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpException ex)
        {
            // "Failure sending mail." alone says little: the inner error names the cause (refused connection, ...).
            var cause = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            throw new ApiException($"The e-mail could not be sent: {cause}", ErrorCodes.ExternalService, null, 502);
        }
    }

    /// <summary>A parsed address; display names are allowed, line breaks and anything unparseable are not.</summary>
    private static MailAddress Address(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0 || !MailAddress.TryCreate(text.Trim(), out var address))
        {
            throw new ApiException($"'{text.ReplaceLineEndings(" ")}' is not a valid e-mail address.", ErrorCodes.InvalidInput, null, 400);
        }
        return address;
    }
}
