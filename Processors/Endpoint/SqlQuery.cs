using System.Collections;
using System.Data.Common;
using System.Globalization;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.Logging;

namespace ApiStudio.Processors.Endpoint;

/// <summary>
/// How the <c>sql</c> processor binds parameters and reads results. Values only ever reach the database as
/// parameters: a parameter name is checked to be a plain identifier, its value is bound, nothing is spliced into SQL.
/// </summary>
internal static class SqlQuery
{
    /// <summary>Opens the named connection; failures are code 2 without the server's words (they may name hosts or files).</summary>
    public static async Task<DbConnection> OpenAsync(NodeContext context, DataConnection database, string name)
    {
        try
        {
            return await database.OpenAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (DataConnectionRefusedException ex)
        {
            context.Logger.LogError("SQL connection {Connection} is refused: {Reason}", name, ex.Message);
            throw context.Error($"The SQL connection '{name}' is refused: its database role could reach the system database or the server. The operator must give it a role of its own.",
                ErrorCodes.Configuration, 500);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Logger.LogWarning(ex, "SQL connection {Connection} could not be opened (node {Node})", name, context.NodeId);
            throw context.Error($"The SQL connection '{name}' could not be opened.", ErrorCodes.Database, 500);
        }
    }

    /// <summary>Binds the <c>parameters</c> map to the command.</summary>
    public static void Bind(NodeContext context, DbCommand command)
    {
        if (!context.Has("parameters"))
        {
            return;
        }
        if (context.Val("parameters").Data is not Map parameters)
        {
            throw context.Error("Input 'parameters' must be a map of parameter name → value.");
        }
        foreach (var (name, value) in parameters)
        {
            if (!IsIdentifier(name))
            {
                throw context.Error($"SQL parameter name '{name}' is not valid: use letters, digits and _ (write it as @{Sample(name)} in the query).");
            }
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                List<object?> or Map => PlainJson.Serialize(value), // arrays travel as JSON text
                _ => value,
            };
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Every row as a map column → value; more than <paramref name="maxRows"/> rows is an error, never a silent cut.</summary>
    public static async Task<List<object?>> RowsAsync(NodeContext context, DbCommand command, int maxRows)
    {
        var rows = new List<object?>();
        long size = 0;
        var cancellationToken = context.CancellationToken;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // The column names once per query, not once per row (the reader builds a new string on every call).
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count == maxRows)
            {
                throw context.Error($"The query returned more than {maxRows} rows (ApiStudio:Sql:MaxRows): narrow it or page it.",
                    ErrorCodes.Database, 500);
            }
            var row = new Map(names.Length);
            for (var i = 0; i < names.Length; i++)
            {
                row[names[i]] = ValueAt(reader, i);
            }
            rows.Add(row);
            // Rows can be wide (large text or blob columns): stop reading once they cannot fit in the memory budget.
            size += ValueSize.OfPlain(row, context.Evaluation.Memory.RemainingBytes - size);
            context.EnsureFits(size);
        }
        return rows;
    }

    /// <summary>
    /// The value of a column of the current row as a plain value. The common types are read by their typed getters:
    /// SQLite's GetValue looks up the column's declared type on every call, which costs more than the read itself.
    /// </summary>
    private static object? ValueAt(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            return reader.GetInt64(ordinal);
        }
        if (type == typeof(double))
        {
            return reader.GetDouble(ordinal);
        }
        if (type == typeof(string))
        {
            return reader.GetString(ordinal);
        }
        return ToPlain(reader.GetValue(ordinal));
    }

    /// <summary>
    /// A database value as a plain value: integers as integer, other numbers as float, text, booleans; dates as ISO 8601
    /// text, bytes as base64 text, arrays as lists, anything else as its invariant text.
    /// </summary>
    public static object? ToPlain(object? value) => value switch
    {
        null or DBNull => null,
        bool or long or double or string => value,
        int or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? (long)m : (double)m,
        DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IList list => ListOf(list),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The error of a failed statement (code 2): a duplicate is 409, other refused data 400, anything else 500; the
    /// message is the server's description of the statement error, never connection details.
    /// </summary>
    public static ApiException Failed(NodeContext context, DbException error) => DbErrors.Classify(error) switch
    {
        DbErrorKind.Duplicate => context.Error($"The query was refused: {DbErrors.StatementMessage(error)}", ErrorCodes.Database, 409),
        DbErrorKind.Forbidden => context.Error($"The query was refused: {DbErrors.StatementMessage(error)} (a data connection reaches its own " +
            "data only: no attached databases, extensions or changed settings).", ErrorCodes.Database, 403),
        DbErrorKind.Constraint or DbErrorKind.InvalidData =>
            context.Error($"The query was refused: {DbErrors.StatementMessage(error)}", ErrorCodes.Database, 400),
        _ => context.Error($"The query failed: {DbErrors.StatementMessage(error) ?? "the database could not be reached."}", ErrorCodes.Database, 500),
    };

    private static List<object?> ListOf(IList list)
    {
        var items = new List<object?>(list.Count);
        foreach (var item in list)
        {
            items.Add(ToPlain(item));
        }
        return items;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || name.Length > 64 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    private static string Sample(string name)
    {
        var safe = new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(32).ToArray());
        return safe.Length > 0 ? safe : "name";
    }
}
