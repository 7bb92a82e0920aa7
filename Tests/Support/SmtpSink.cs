using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ApiStudio.Tests.Support;

/// <summary>A message the sink received: envelope and the DATA text (headers and body, dot-stuffing undone).</summary>
/// <param name="From">MAIL FROM address.</param>
/// <param name="To">RCPT TO addresses.</param>
/// <param name="Data">The message as sent.</param>
public sealed record SmtpSinkMessage(string From, IReadOnlyList<string> To, string Data)
{
    /// <summary>A header's value (folded lines joined, RFC 2047 words decoded), or null.</summary>
    public string? Header(string name)
    {
        var headers = Data[..Math.Max(0, Data.IndexOf("\r\n\r\n", StringComparison.Ordinal))].Replace("\r\n ", " ").Replace("\r\n\t", " ");
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return DecodeWords(line[(name.Length + 1)..].Trim());
            }
        }
        return null;
    }

    /// <summary>The body, with its transfer encoding (base64 or quoted-printable) undone.</summary>
    public string Body
    {
        get
        {
            var start = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var body = start < 0 ? "" : Data[(start + 4)..];
            return Header("Content-Transfer-Encoding")?.ToLowerInvariant() switch
            {
                "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", ""))),
                "quoted-printable" => QuotedPrintable(body),
                _ => body,
            };
        }
    }

    private static string DecodeWords(string value)
    {
        var result = new StringBuilder();
        foreach (var word in value.Split(' '))
        {
            var parts = word.Split('?');
            if (parts.Length == 5 && parts[0] == "=" && parts[4] == "=")
            {
                var bytes = parts[2].Equals("B", StringComparison.OrdinalIgnoreCase)
                    ? Convert.FromBase64String(parts[3])
                    : Encoding.Latin1.GetBytes(QuotedPrintable(parts[3].Replace('_', ' ')));
                result.Append(Encoding.GetEncoding(parts[1]).GetString(bytes));
            }
            else
            {
                result.Append(result.Length > 0 ? " " : "").Append(word);
            }
        }
        return result.ToString();
    }

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        text = text.Replace("=\r\n", "");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}

/// <summary>
/// A minimal SMTP server on a loopback port that accepts every message and records it: HELO/EHLO, MAIL FROM,
/// RCPT TO, DATA, RSET, NOOP and QUIT. It can also refuse recipients, to test the sender's error path.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SmtpSinkMessage> _messages = [];
    private readonly Task _accepting;

    /// <summary>Starts a sink.</summary>
    public static SmtpSink Start() => new();

    private SmtpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Recipients answered with 550 (the message is refused).</summary>
    public HashSet<string> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The messages received so far.</summary>
    public IReadOnlyList<SmtpSinkMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeQuietlyAsync(client);
        }
    }

    private async Task ServeQuietlyAsync(TcpClient client)
    {
        try
        {
            await ServeAsync(client);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up or the sink is stopping.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink ready");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                    case "NOOP":
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "RCPT":
                        var recipient = Address(line);
                        if (RefusedRecipients.Contains(recipient))
                        {
                            await writer.WriteLineAsync("550 mailbox unavailable");
                            break;
                        }
                        to.Add(recipient);
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }
                        lock (_messages)
                        {
                            _messages.Add(new SmtpSinkMessage(from ?? "", [.. to], data.ToString()));
                        }
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 command not implemented");
                        break;
                }
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>');
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        _stop.Dispose();
    }
}
