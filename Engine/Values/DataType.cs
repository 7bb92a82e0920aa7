namespace ApiStudio.Engine.Values;

/// <summary>The eleven type names a <see cref="DataContainer"/> can carry.</summary>
public enum DataType
{
    Array,
    Boolean,
    File,
    Float,
    Html,
    Image,
    Integer,
    Json,
    Text,
    Undefined,
    Xml,
}

/// <summary>Conversions between <see cref="DataType"/> and its lower-case type name.</summary>
public static class DataTypeNames
{
    private static readonly string[] Names =
        ["array", "boolean", "file", "float", "html", "image", "integer", "json", "text", "undefined", "xml"];

    /// <summary>Every type name, in declaration order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The lower-case name used in documents and messages.</summary>
    public static string Name(this DataType type) => Names[(int)type];

    /// <summary>Parses a type name (case-insensitive); false when it is not one of the eleven.</summary>
    public static bool TryParse(string? name, out DataType type)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                type = (DataType)i;
                return true;
            }
        }
        type = DataType.Undefined;
        return false;
    }
}
