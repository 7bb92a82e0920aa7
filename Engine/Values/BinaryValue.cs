namespace ApiStudio.Engine.Values;

/// <summary>The data of a <c>file</c> or <c>image</c> value: bytes with an optional file name and media type.</summary>
public sealed record BinaryValue(byte[] Content, string? FileName = null, string? MediaType = null);
