using System.Data.Common;
using ApiStudio.Engine.Processing;
using ApiStudio.Engine.Hosting;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Values;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Processors.Endpoint;

/// <summary>Runs a parameterised query on a configured data connection.</summary>
public sealed class Sql : Processor
{
    /// <inheritdoc />
    public override ProcessorDetails Details { get; } = new(
        "Sql",
        "Runs a query on a data connection of ApiStudio:Sql:Connections (default: an embedded SQLite data database, never the " +
        "system database). The query is written in the resource; request values reach it only as parameters (@name), bound, " +
        "never spliced into the SQL. rows returns a list of maps column → value; scalar the first column of the first row; " +
        "execute the number of rows changed.",
        new InputSpec("connection", "The connection name (a literal).") { LimitTypes = [DataType.Text], Default = "default", NodeAllowed = false },
        new InputSpec("query", "The SQL, with @name placeholders for values (a literal: never built from the request).")
        {
            Min = 1, LimitTypes = [DataType.Text], NodeAllowed = false,
        },
        new InputSpec("parameters", "Values for the placeholders, a map name → value (arrays are sent as JSON text).") { LimitTypes = [DataType.Array] },
        new InputSpec("mode", "What to return.") { LimitTypes = [DataType.Text], LimitValues = ["rows", "scalar", "execute"], Default = "rows" })
    {
        Returns = ProcessorDetails.PlainTypes,
        Reads = RequestReads.None,
    };

    /// <inheritdoc />
    public override async ValueTask<NodeResult> ProcessAsync(NodeContext context)
    {
        var connections = context.Evaluation.Services?.GetService<SqlConnections>()
            ?? throw context.Error("The sql processor needs the host's data connections.", ErrorCodes.Configuration, 500);
        var name = context.Val("connection").AsText(context.NodeId);
        var scope = context.Evaluation.Scope
            ?? throw context.Error("The sql processor needs a served application.", ErrorCodes.Configuration, 500);
        DataConnection? database;
        try
        {
            database = connections.Find(name, scope);
        }
        catch (InvalidOperationException ex)
        {
            throw context.Error(ex.Message, ErrorCodes.Configuration, 500);
        }
        if (database is null)
        {
            throw context.Error($"SQL connection '{name}' is not configured (ApiStudio:Sql:Connections:{name}).", ErrorCodes.Configuration, 500);
        }
        var connection = await SqlQuery.OpenAsync(context, database, name).ConfigureAwait(false);
        try
        {
            return await RunAsync(context, connection, connections.Options).ConfigureAwait(false);
        }
        finally
        {
            await DataConnection.ReleaseAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task<NodeResult> RunAsync(NodeContext context, DbConnection connection, SqlOptions options)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = context.Val("query").AsText(context.NodeId);
        command.CommandTimeout = options.CommandTimeoutSeconds;
        SqlQuery.Bind(context, command);
        try
        {
            return (string)context.Val("mode").Data! switch
            {
                "scalar" => DataContainer.FromPlain(SqlQuery.ToPlain(await command.ExecuteScalarAsync(context.CancellationToken).ConfigureAwait(false))),
                "execute" => DataContainer.Integer(await command.ExecuteNonQueryAsync(context.CancellationToken).ConfigureAwait(false)),
                _ => DataContainer.Array(await SqlQuery.RowsAsync(context, command, options.MaxRows).ConfigureAwait(false)),
            };
        }
        catch (DbException) when (context.CancellationToken.IsCancellationRequested)
        {
            // Interrupted because the request ran out of time or the client left: reported as that, not as a failed query.
            throw new OperationCanceledException(context.CancellationToken);
        }
        catch (DbException ex)
        {
            throw SqlQuery.Failed(context, ex);
        }
        catch (InvalidOperationException ex)
        {
            // Microsoft.Data.Sqlite reports a placeholder without a parameter this way.
            throw context.Error($"The query failed: {ex.Message}", ErrorCodes.Database, 500);
        }
    }
}
