using ApiStudio.Tests.Support;
using static ApiStudio.Tests.Support.HostedRuns;

namespace ApiStudio.Tests.Processors.Output;

/// <summary>email: the data formatted and sent through SMTP, to a sink the tests run on loopback.</summary>
public class EmailTests : HostedFixture
{
    // Started by SettingsAsync (called from the base class's OneTimeSetUp), disposed in StopSink: one sink per fixture.
#pragma warning disable NUnit1032
    private SmtpSink _sink = null!;
#pragma warning restore NUnit1032

    /// <inheritdoc />
    protected override Task<Dictionary<string, string?>> SettingsAsync()
    {
        _sink = SmtpSink.Start();
        _sink.RefusedRecipients.Add("refused@example.com");
        return Task.FromResult(new Dictionary<string, string?>
        {
            ["ApiStudio:Email:Host"] = "127.0.0.1",
            ["ApiStudio:Email:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ApiStudio:Email:From"] = "api@example.com",
        });
    }

    [OneTimeTearDown]
    public async Task StopSink() => await _sink.DisposeAsync();

    private SmtpSinkMessage Last(string to) => _sink.Messages.Last(m => m.To.Contains(to));

    private static string Mail(string to, string extra = "") => $"""
        processor: email
        id: mail
        to: {to}
        {extra}
        """;

    [Test]
    public async Task Sends_the_data_as_json_from_the_configured_sender_and_returns_true()
    {
        var sent = await Run(Host, Mail("one@example.com", "data: {a: 1, b: [x]}"));
        var message = Last("one@example.com");
        Assert.That(sent.Data, Is.EqualTo(true));
        Assert.That((message.From, message.Header("Subject"), message.Body.TrimEnd()),
            Is.EqualTo(("api@example.com", "ApiStudio resource result", """{"a":1,"b":["x"]}""")));
        Assert.That(message.Header("Content-Type"), Does.StartWith("text/plain"));
    }

    [Test]
    public async Task Several_recipients_a_sender_and_a_subject_can_be_given()
    {
        await Run(Host, Mail("[two@example.com, three@example.com]", """
            from: "Orders <orders@example.com>"
            subject: Your order
            data: done
            format: text
            """));
        var message = Last("two@example.com");
        Assert.That(message.To, Is.EqualTo(new[] { "two@example.com", "three@example.com" }));
        Assert.That((message.From, message.Header("Subject"), message.Body.TrimEnd()), Is.EqualTo(("orders@example.com", "Your order", "done")));
    }

    [Test]
    public async Task Html_format_sends_an_html_body()
    {
        await Run(Host, Mail("html@example.com", "format: html\ndata: {name: Ada}"));
        var message = Last("html@example.com");
        Assert.That(message.Header("Content-Type"), Does.StartWith("text/html"));
        Assert.That(message.Body, Does.Contain("<html").And.Contain("Ada"));
    }

    [Test]
    public async Task Xml_format_sends_the_xml_text()
    {
        await Run(Host, Mail("xml@example.com", "format: xml\ndata: {name: Ada}"));
        Assert.That(Last("xml@example.com").Body, Does.Contain("<name>Ada</name>"));
    }

    [TestCase("not-an-address")]
    [TestCase("victim@example.com\r\nBcc: evil@example.com")]
    public async Task An_invalid_recipient_is_400_with_node_id_and_nothing_is_sent(string to)
    {
        var before = _sink.Messages.Count;
        var ex = await RunFails(Host, Mail($"\"{to.Replace("\r\n", "\\r\\n")}\"", "data: x"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("mail", 6, 400)));
        Assert.That(ex.Message, Does.EndWith("is not a valid e-mail address."));
        Assert.That(_sink.Messages, Has.Count.EqualTo(before));
    }

    [Test]
    public async Task A_subject_with_a_line_break_is_400()
    {
        var ex = await RunFails(Host, Mail("s@example.com", "subject: \"Hi\\r\\nBcc: evil@example.com\""));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message), Is.EqualTo(("mail", 6, 400, "The e-mail subject must be one line.")));
    }

    [Test]
    public async Task A_recipient_the_server_refuses_is_502_code_5()
    {
        var ex = await RunFails(Host, Mail("refused@example.com", "data: x"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("mail", 5, 502)));
        Assert.That(ex.Message, Does.StartWith("The e-mail could not be sent:"));
    }

    [Test]
    public async Task An_unreachable_server_is_502_code_5()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiStudio:Email:Host"] = "127.0.0.1",
            ["ApiStudio:Email:Port"] = "1",
            ["ApiStudio:Email:From"] = "api@example.com",
        });
        var ex = await RunFails(host, Mail("x@example.com", "data: x"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("mail", 5, 502)));
    }

    [Test]
    public async Task Without_an_smtpHost_email_is_not_configured()
    {
        await using var host = await TestHost.StartAsync();
        var ex = await RunFails(host, Mail("x@example.com", "data: x"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus, ex.Message),
            Is.EqualTo(("mail", 8, 500, "E-mail is not configured: set ApiStudio:Email:Host.")));
    }

    [Test]
    public void Recipients_are_required_and_format_limited_at_publish_time()
    {
        Assert.That(TestEngine.PublishFails("processor: email\nid: mail").Message, Does.Contain("Input 'to' is required."));
        Assert.That(TestEngine.PublishFails(Mail("a@example.com", "format: pdf")).Message,
            Does.Contain("Input 'format' does not accept the value 'pdf'; allowed: json, html, xml, text."));
    }

    [Test]
    public async Task Without_theHost_services_it_is_a_configuration_error()
    {
        var ex = await TestEngine.RunFails(Mail("a@example.com"));
        Assert.That((ex.ProcessorId, ex.Code, ex.HttpStatus), Is.EqualTo(("mail", 8, 500)));
    }

    [Test]
    public async Task Cc_and_bcc_receive_it_and_reply_to_is_set_but_bcc_is_not_written_in_the_headers()
    {
        await Run(Host, Mail("to@example.com", """
            cc: [cc1@example.com, cc2@example.com]
            bcc: hidden@example.com
            reply_to: answers@example.com
            data: hello
            """));
        var message = Last("to@example.com");
        Assert.That(message.To, Is.EquivalentTo(new[] { "to@example.com", "cc1@example.com", "cc2@example.com", "hidden@example.com" }));
        Assert.That(message.Header("Cc"), Does.Contain("cc1@example.com").And.Contain("cc2@example.com"));
        Assert.That(message.Header("Reply-To"), Is.EqualTo("answers@example.com"));
        Assert.That(message.Data, Does.Not.Contain("hidden@example.com"));
    }
}
