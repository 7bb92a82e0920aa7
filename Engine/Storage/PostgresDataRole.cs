using Dapper;
using Npgsql;

namespace ApiStudio.Engine.Storage;

/// <summary>
/// Checks the role a PostgreSQL data connection of the <c>sql</c> processor logs in as, before its first query: a
/// role that could reach the system database or the server itself is refused, so a designer's query never can.
/// </summary>
/// <remarks>
/// Refused: superusers; roles that may create roles (they can grant themselves anything below superuser) or bypass
/// row security; members of the server roles that read or write the server's files, run programs or read or write
/// all data; the system database's own role; and, when the data connection opens the system database itself, a role
/// with any right on the system's tables or on creating objects in their schema.
/// </remarks>
public static class PostgresDataRole
{
    private static readonly string[] ServerRoles =
    [
        "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program", "pg_read_all_data", "pg_write_all_data",
    ];

    /// <summary>
    /// The reasons the role of <paramref name="data"/> is unsafe, empty when it is safe. <paramref name="system"/> is the
    /// system database (its identity and role are compared when it is on PostgreSQL too; null in a bare engine).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(NpgsqlConnection data, Database? system, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var role = await data.QuerySingleAsync<RoleRow>(new CommandDefinition("""
            SELECT r.rolname AS Name, r.rolsuper AS Superuser, r.rolcreaterole AS CreateRole, r.rolbypassrls AS BypassRls,
                   current_database() AS DatabaseName, (SELECT system_identifier FROM pg_control_system())::text AS ServerId,
                   COALESCE((SELECT string_agg(s.rolname, ', ' ORDER BY s.rolname) FROM pg_roles s
                             WHERE s.rolname = ANY(@ServerRoles) AND pg_has_role(current_user, s.oid, 'MEMBER')), '') AS ServerRoles
            FROM pg_roles r WHERE r.rolname = current_user
            """, new { ServerRoles }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (role.Superuser)
        {
            problems.Add($"role '{role.Name}' is a superuser");
        }
        if (role.CreateRole)
        {
            problems.Add($"role '{role.Name}' may create roles");
        }
        if (role.BypassRls)
        {
            problems.Add($"role '{role.Name}' bypasses row security");
        }
        if (role.ServerRoles.Length > 0)
        {
            problems.Add($"role '{role.Name}' is a member of {role.ServerRoles}");
        }
        if (system is not { Provider: DatabaseProvider.Postgres })
        {
            return problems;
        }
        var systemSide = await system.ReadAsync(session => session.Connection.QuerySingleAsync<SystemRow>(new CommandDefinition("""
            SELECT current_user AS Name, current_database() AS DatabaseName, current_schema() AS SchemaName,
                   (SELECT system_identifier FROM pg_control_system())::text AS ServerId
            """, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (string.Equals(systemSide.Name, role.Name, StringComparison.Ordinal) && systemSide.ServerId == role.ServerId)
        {
            problems.Add($"role '{role.Name}' is the system database's own role");
        }
        if (systemSide.ServerId == role.ServerId && systemSide.DatabaseName == role.DatabaseName)
        {
            var rights = await data.QuerySingleAsync<string>(new CommandDefinition("""
                SELECT COALESCE(string_agg(t.tablename, ', ' ORDER BY t.tablename), '')
                FROM pg_tables t
                WHERE t.schemaname = @SchemaName
                  AND has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')
                """, new { systemSide.SchemaName }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (rights.Length > 0)
            {
                problems.Add($"role '{role.Name}' has rights on the system tables ({rights})");
            }
            var create = await data.QuerySingleAsync<bool>(new CommandDefinition(
                "SELECT has_schema_privilege(@SchemaName, 'CREATE')", new { systemSide.SchemaName },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (create)
            {
                problems.Add($"role '{role.Name}' may create objects in the system schema '{systemSide.SchemaName}'");
            }
        }
        return problems;
    }

    private sealed record RoleRow(string Name, bool Superuser, bool CreateRole, bool BypassRls, string DatabaseName, string ServerId, string ServerRoles);

    private sealed record SystemRow(string Name, string DatabaseName, string SchemaName, string ServerId);
}
