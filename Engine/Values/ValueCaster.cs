using System.Globalization;
using ApiStudio.Engine.Processing;

namespace ApiStudio.Engine.Values;

/// <summary>The cast matrix of SPEC §3: converts a container to another type or fails with code 6 / HTTP 400.</summary>
public static class ValueCaster
{
    /// <summary>Casts <paramref name="value"/> to <paramref name="target"/>.</summary>
    /// <exception cref="ApiException">Code 6, HTTP 400: <c>Cannot cast text to integer.</c></exception>
    public static DataContainer Cast(DataContainer value, DataType target, string? nodeId = null)
    {
        if (value.Type == target)
        {
            return value;
        }
        var result = target switch
        {
            DataType.Undefined => DataContainer.Undefined,
            DataType.Text => ToText(value),
            DataType.Integer => ToInteger(value),
            DataType.Float => ToFloat(value),
            DataType.Boolean => ToBoolean(value),
            DataType.Json => ToJson(value),
            DataType.Array => ToArray(value),
            _ => null,
        };
        return result ?? throw Impossible(value.Type, target, nodeId);
    }

    /// <summary>True when the cast succeeds; the result is returned through <paramref name="result"/>.</summary>
    public static bool TryCast(DataContainer value, DataType target, out DataContainer result)
    {
        try
        {
            result = Cast(value, target);
            return true;
        }
        catch (ApiException)
        {
            result = DataContainer.Undefined;
            return false;
        }
    }

    /// <summary>The error for an impossible cast.</summary>
    public static ApiException Impossible(DataType from, DataType to, string? nodeId) =>
        new($"Cannot cast {from.Name()} to {to.Name()}.", ErrorCodes.InvalidInput, nodeId, 400);

    private static DataContainer? ToText(DataContainer value) => value.Type switch
    {
        DataType.Undefined => DataContainer.EmptyText,
        DataType.Boolean => DataContainer.Text((bool)value.Data! ? "true" : "false"),
        DataType.Integer => DataContainer.Text(((long)value.Data!).ToString(CultureInfo.InvariantCulture)),
        DataType.Float => DataContainer.Text(((double)value.Data!).ToString("R", CultureInfo.InvariantCulture)),
        DataType.Array => DataContainer.Text(PlainJson.Serialize(value.Data)),
        DataType.File or DataType.Image => DataContainer.Text(Convert.ToBase64String(((BinaryValue)value.Data!).Content)),
        _ => DataContainer.Text((string)value.Data!),
    };

    private static DataContainer? ToInteger(DataContainer value) => value.Type switch
    {
        DataType.Float => DataContainer.Integer((long)Math.Truncate((double)value.Data!)),
        DataType.Boolean => DataContainer.Integer((bool)value.Data! ? 1 : 0),
        DataType.Text or DataType.Json when long.TryParse(((string)value.Data!).Trim(), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var l) => DataContainer.Integer(l),
        _ => null,
    };

    private static DataContainer? ToFloat(DataContainer value) => value.Type switch
    {
        DataType.Integer => DataContainer.Float((long)value.Data!),
        DataType.Boolean => DataContainer.Float((bool)value.Data! ? 1 : 0),
        DataType.Text or DataType.Json when double.TryParse(((string)value.Data!).Trim(), NumberStyles.Float,
            CultureInfo.InvariantCulture, out var d) => DataContainer.Float(d),
        _ => null,
    };

    private static DataContainer? ToBoolean(DataContainer value) => value.Type switch
    {
        DataType.Integer when (long)value.Data! is 0 or 1 => DataContainer.Boolean((long)value.Data! == 1),
        DataType.Text or DataType.Json => ((string)value.Data!).Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => DataContainer.True,
            "false" or "0" or "no" => DataContainer.False,
            _ => null,
        },
        _ => null,
    };

    private static DataContainer? ToJson(DataContainer value) => value.Type switch
    {
        DataType.Undefined => DataContainer.Json("null"),
        DataType.Text => DataContainer.Json(PlainJson.TryParse((string)value.Data!, out _)
            ? (string)value.Data!
            : PlainJson.Serialize(value.Data)),
        _ => DataContainer.Json(PlainJson.Serialize(value.Data)),
    };

    private static DataContainer? ToArray(DataContainer value)
    {
        switch (value.Type)
        {
            case DataType.Undefined:
                return DataContainer.Array(new List<object?>());
            case DataType.Json:
            case DataType.Text:
                if (PlainJson.TryParse((string)value.Data!, out var parsed) && parsed is List<object?> or Map)
                {
                    return DataContainer.FromPlain(parsed);
                }
                return value.Type == DataType.Text ? DataContainer.Array([value.Data]) : DataContainer.Array([parsed]);
            case DataType.Boolean:
            case DataType.Integer:
            case DataType.Float:
                return DataContainer.Array([value.Data]);
            default:
                return null;
        }
    }
}
