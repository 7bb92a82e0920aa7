using System.Buffers.Text;
using System.Text;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Encodings;

/// <summary>
/// What the Encodings processors share: a value as bytes (a file's or image's content, anything else as UTF-8 text) and
/// bytes written as text (hex, base64, base64url).
/// </summary>
internal static class Bytes
{
    /// <summary>The types a value to encode or hash may have.</summary>
    public static readonly IReadOnlyList<DataType> Sources =
    [
        DataType.Text, DataType.Integer, DataType.Float, DataType.Boolean, DataType.Json, DataType.Xml, DataType.Html,
        DataType.File, DataType.Image,
    ];

    /// <summary>How bytes are written as text.</summary>
    public static readonly IReadOnlyList<object> Encodings = ["hex", "base64", "base64url"];

    /// <summary>The <c>algorithm</c> input of a digest.</summary>
    public static InputSpec Algorithm => new("algorithm", "sha256, sha384, sha512, or (legacy) sha1, md5.")
    {
        LimitTypes = [DataType.Text], LimitValues = ["sha256", "sha384", "sha512", "sha1", "md5"], Default = "sha256",
    };

    /// <summary>The <c>encoding</c> input of a digest.</summary>
    public static InputSpec Encoding => new("encoding",
        "How the digest is written: hex (lower case), base64, or base64url (URL-safe, without padding).")
    {
        LimitTypes = [DataType.Text], LimitValues = Encodings, Default = "hex",
    };

    /// <summary>The bytes of a value: a file's or image's content, else its text in UTF-8.</summary>
    public static byte[] Of(DataContainer value, string nodeId) =>
        value.Data is BinaryValue binary ? binary.Content : global::System.Text.Encoding.UTF8.GetBytes(value.AsText(nodeId));

    /// <summary>Bytes written as hex, base64 or base64url.</summary>
    public static string Write(ReadOnlySpan<byte> bytes, string encoding) => encoding switch
    {
        "base64" => Convert.ToBase64String(bytes),
        "base64url" => Base64Url.EncodeToString(bytes),
        _ => Convert.ToHexStringLower(bytes),
    };

    /// <summary>Bytes read from hex, base64 or base64url (with or without padding); null when the text is not such.</summary>
    public static byte[]? Read(string text, string encoding)
    {
        try
        {
            return encoding switch
            {
                "base64" => Convert.FromBase64String(text),
                "base64url" => Base64Url.DecodeFromChars(text.TrimEnd('=')),
                _ => Convert.FromHexString(text),
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 that refuses invalid bytes.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
