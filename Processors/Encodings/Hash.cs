using System.Security.Cryptography;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Encodings;

/// <summary>The digest of a value: SHA-256 and its family, or MD5 and SHA-1 for older systems.</summary>
public sealed class Hash : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Hash",
        "The digest of a value (a text as UTF-8, a file or image as its bytes), written as hex, base64 or base64url. " +
        "md5 and sha1 are broken for security: use them only to match an older system. To sign, use hmac. " +
        "Example: value: abc → ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.",
        new InputSpec("value", "What to digest.") { Min = 1, LimitTypes = Bytes.Sources },
        Bytes.Algorithm,
        Bytes.Encoding)
    {
        Returns = [DataType.Text],
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    protected override NodeResult Process(NodeContext context)
    {
        var bytes = Bytes.Of(context.Val("value"), context.NodeId);
        var digest = (string)context.Val("algorithm").Data! switch
        {
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
            "md5" => MD5.HashData(bytes),
            _ => SHA256.HashData(bytes),
        };
        return DataContainer.Text(Bytes.Write(digest, (string)context.Val("encoding").Data!));
    }
}
