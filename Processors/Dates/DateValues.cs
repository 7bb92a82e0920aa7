using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Values;

namespace ApiStudio.Processors.Dates;

/// <summary>
/// What the Dates processors share. A date travels as ISO 8601 text with its offset (<c>2024-05-31T14:30:00+02:00</c>,
/// <c>Z</c> for UTC); an input also takes Unix time (seconds since 1970, an integer or a float). Time zones are IANA
/// names (<c>Europe/Paris</c>) or <c>UTC</c>; "now" comes from the host's clock.
/// </summary>
internal static class DateValues
{
    /// <summary>The named formats of the <c>format</c> inputs, besides .NET custom patterns.</summary>
    public const string FormatNames =
        "iso (2024-05-31T14:30:00+02:00, the default), date (2024-05-31), time (14:30:00), unix (seconds, an integer), " +
        "unix_ms (milliseconds, an integer), rfc1123 (Fri, 31 May 2024 12:30:00 GMT, for HTTP headers), or a .NET " +
        "custom pattern such as dd/MM/yyyy HH:mm";

    /// <summary>A required date input: ISO 8601 text or Unix seconds.</summary>
    public static InputSpec Date(string name, string description) =>
        new(name, description + " ISO 8601 text (2024-05-31, 2024-05-31T14:30:00+02:00) or Unix seconds.")
        {
            Min = 1, LimitTypes = [DataType.Text, DataType.Integer, DataType.Float],
        };

    /// <summary>The <c>time_zone</c> input.</summary>
    public static InputSpec TimeZone(string description) => new("time_zone", description + " An IANA name such as Europe/Paris, or UTC.")
    {
        LimitTypes = [DataType.Text],
    };

    /// <summary>The <c>format</c> input of the processors that write a date.</summary>
    public static InputSpec Format => new("format", "How to write the date: " + FormatNames + ".")
    {
        LimitTypes = [DataType.Text], Default = "iso",
    };

    /// <summary>The <c>culture</c> input: month and day names of a language.</summary>
    public static InputSpec Culture => new("culture", "The language of month and day names in a custom pattern, e.g. fr-FR; absent = invariant (English).")
    {
        LimitTypes = [DataType.Text],
    };

    /// <summary>The host's clock (settable in tests), else the system's.</summary>
    public static TimeProvider Clock(NodeContext context) =>
        context.Evaluation.Services?.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;

    /// <summary>The zone named by <c>time_zone</c>, or null when absent.</summary>
    public static TimeZoneInfo? Zone(NodeContext context)
    {
        var value = context.Val("time_zone");
        if (value.IsUndefined)
        {
            return null;
        }
        var name = (string)value.Data!;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw context.Error($"Input 'time_zone': unknown time zone '{name}'; use an IANA name such as Europe/Paris, or UTC (node '{context.NodeId}').");
        }
    }

    /// <summary>The culture named by <c>culture</c>, or the invariant culture.</summary>
    public static CultureInfo CultureOf(NodeContext context)
    {
        var value = context.Val("culture");
        if (value.IsUndefined)
        {
            return CultureInfo.InvariantCulture;
        }
        try
        {
            return CultureInfo.GetCultureInfo((string)value.Data!, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw context.Error($"Input 'culture': unknown culture '{value.Data}' (node '{context.NodeId}').");
        }
    }

    /// <summary>
    /// The date of a date input. A text without an offset is a time of <paramref name="zone"/> (UTC when null); Unix
    /// time is UTC.
    /// </summary>
    public static DateTimeOffset Read(NodeContext context, string input, TimeZoneInfo? zone)
    {
        var value = context.Val(input);
        try
        {
            switch (value.Data)
            {
                case long seconds:
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                case double seconds when double.IsFinite(seconds):
                    return DateTimeOffset.FromUnixTimeMilliseconds(checked((long)global::System.Math.Round(seconds * 1000)));
                case string text when Parse(text, null, CultureInfo.InvariantCulture, zone) is { } date:
                    return date;
            }
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            // Out of the years 1 to 9999: reported below as not a date.
        }
        throw context.Error($"Input '{input}' is not a date: '{value}'. Give ISO 8601 text such as 2024-05-31T14:30:00Z, or Unix seconds (node '{context.NodeId}').");
    }

    /// <summary>
    /// Parses a date written as <paramref name="format"/> (a .NET pattern), or in any common form when null; null when
    /// it is not one. A text without an offset is a time of <paramref name="zone"/> (UTC when null).
    /// </summary>
    public static DateTimeOffset? Parse(string text, string? format, CultureInfo culture, TimeZoneInfo? zone)
    {
        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces;
        var parsed = format is null
            ? DateTime.TryParse(text, culture, styles | DateTimeStyles.RoundtripKind, out var local)
            : DateTime.TryParseExact(text, format, culture, styles | DateTimeStyles.RoundtripKind, out local);
        if (!parsed)
        {
            return null;
        }
        if (local.Kind == DateTimeKind.Unspecified)
        {
            return zone is null ? new DateTimeOffset(local, TimeSpan.Zero) : AtLocalTime(local, zone);
        }
        // The text gave an offset: read it as written.
        var withOffset = format is null
            ? DateTimeOffset.TryParse(text, culture, styles, out var date)
            : DateTimeOffset.TryParseExact(text, format, culture, styles, out date);
        return withOffset ? date : null;
    }

    /// <summary>The instant a wall-clock time of <paramref name="zone"/> stands for (a time skipped by a clock change moves past it).</summary>
    public static DateTimeOffset AtLocalTime(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)), zone);
    }

    /// <summary>ISO 8601 with the offset (<c>Z</c> for UTC) and the fraction of a second only when there is one.</summary>
    public static string Iso(DateTimeOffset date) =>
        date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
        + (date.Offset == TimeSpan.Zero ? "Z" : date.ToString("zzz", CultureInfo.InvariantCulture));

    /// <summary>The date written in the node's <c>format</c>: text, or an integer for Unix time.</summary>
    public static DataContainer Write(NodeContext context, DateTimeOffset date, CultureInfo culture)
    {
        var format = (string)context.Val("format").Data!;
        switch (format)
        {
            case "iso":
                return DataContainer.Text(Iso(date));
            case "date":
                return DataContainer.Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case "time":
                return DataContainer.Text(date.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            case "unix":
                return DataContainer.Integer(date.ToUnixTimeSeconds());
            case "unix_ms":
                return DataContainer.Integer(date.ToUnixTimeMilliseconds());
            case "rfc1123":
                return DataContainer.Text(date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
        }
        try
        {
            return DataContainer.Text(date.ToString(format, culture));
        }
        catch (FormatException)
        {
            throw context.Error($"Input 'format' is not a date format: '{format}'. Use {FormatNames} (node '{context.NodeId}').");
        }
    }
}
