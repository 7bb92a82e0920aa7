using System.Security.Cryptography;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Encodings;

/// <summary>The keyed digest (HMAC) of a value: to sign a request or check a webhook's signature.</summary>
public sealed class Hmac : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "HMAC",
        "The HMAC of a value (a text as UTF-8, a file or image as its bytes) with a secret key, written as hex, base64 or " +
        "base64url: how webhooks and many APIs sign messages. " +
        "Example: value: \"The quick brown fox jumps over the lazy dog\", key: key → " +
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8.",
        new InputSpec("value", "The message to sign.") { Min = 1, LimitTypes = Bytes.Sources },
        new InputSpec("key", "The secret key (not empty), written as key_encoding says.") { Min = 1, LimitTypes = [DataType.Text] },
        new InputSpec("key_encoding", "How the key is written: text (its UTF-8 bytes), hex, base64 or base64url.")
        {
            LimitTypes = [DataType.Text], LimitValues = ["text", .. Bytes.Encodings], Default = "text",
        },
        Bytes.Algorithm,
        Bytes.Encoding)
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var message = Bytes.Of(context.Val("value"), context.NodeId);
        var keyText = (string)context.Val("key").Data!;
        var keyEncoding = (string)context.Val("key_encoding").Data!;
        var key = keyEncoding == "text"
            ? global::System.Text.Encoding.UTF8.GetBytes(keyText)
            : Bytes.Read(keyText, keyEncoding) ?? throw context.Error($"Input 'key' is not valid {keyEncoding} (node '{context.NodeId}').");
        if (key.Length == 0)
        {
            throw context.Error($"Input 'key' must not be empty (node '{context.NodeId}').");
        }
        var digest = (string)context.Val("algorithm").Data! switch
        {
            "sha384" => HMACSHA384.HashData(key, message),
            "sha512" => HMACSHA512.HashData(key, message),
            "sha1" => HMACSHA1.HashData(key, message),
            "md5" => HMACMD5.HashData(key, message),
            _ => HMACSHA256.HashData(key, message),
        };
        return DataContainer.Text(Bytes.Write(digest, (string)context.Val("encoding").Data!));
    }
}
