namespace ApiStudio.Engine.Values;

/// <summary>Media types of binary values: the declared one when it is well-formed, else recognised from the bytes.</summary>
public static class MediaTypes
{
    /// <summary>The media type of bytes of unknown kind.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>
    /// The media type to send a file or image with: its declared type when that is a well-formed
    /// <c>type/subtype</c> (no parameters, nothing that could break a header), else the image type recognised from
    /// the bytes, else <see cref="OctetStream"/>.
    /// </summary>
    public static string ContentTypeOf(BinaryValue value) =>
        IsWellFormed(value.MediaType) ? value.MediaType!.ToLowerInvariant() : Sniff(value.Content) ?? OctetStream;

    /// <summary>The image media type of a value (declared <c>image/*</c> or recognised from the bytes), or null.</summary>
    public static string? ImageTypeOf(BinaryValue value) =>
        IsWellFormed(value.MediaType) && value.MediaType!.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? value.MediaType.ToLowerInvariant()
            : Sniff(value.Content);

    /// <summary>The image type recognised from the first bytes (PNG, JPEG, GIF, WebP), or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

    /// <summary>True for <c>type/subtype</c> made of RFC 6838 name characters only.</summary>
    public static bool IsWellFormed(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType) || mediaType.Length > 127)
        {
            return false;
        }
        var slash = mediaType.IndexOf('/');
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            return false;
        }
        for (var i = 0; i < mediaType.Length; i++)
        {
            var c = mediaType[i];
            if (i != slash && !char.IsAsciiLetterOrDigit(c) && "!#$&^_.+-".IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
