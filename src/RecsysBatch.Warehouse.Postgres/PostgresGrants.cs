using Npgsql;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>What a migration carries from a PostgreSQL table to its rebuilt replacement.</summary>
internal static class PostgresGrants
{
    /// <summary>
    /// Analysts' roles keep reading a migrated table: the old table's grants are repeated on its replacement,
    /// then it is given to the old table's owner (grants first, so they are made by the creator, who may grant).
    /// </summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string schemaName, string table, string replacement, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, a.is_grantable, " +
            "quote_ident(pg_get_userbyid(c.relowner)), a.grantee = c.relowner " +
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "LEFT JOIN LATERAL aclexplode(c.relacl) a ON true WHERE n.nspname = @schema AND c.relname = @table";
        var grants = new List<string>();
        string? owner = null;
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            command.Parameters.AddWithValue("schema", schemaName);
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owner = reader.GetString(3);
                // No ACL (default privileges) gives one row of nulls; the owner's own privileges come with ownership.
                if (!reader.IsDBNull(0) && !reader.GetBoolean(4))
                {
                    grants.Add($"GRANT {reader.GetString(1)} ON {PostgresSql.Table(schemaName, replacement)} TO {reader.GetString(0)}{(reader.GetBoolean(2) ? " WITH GRANT OPTION" : "")}");
                }
            }
        }

        foreach (var grant in grants)
        {
            await PostgresSql.ExecuteAsync(connection, grant, cancellationToken);
        }

        if (owner is not null)
        {
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {PostgresSql.Table(schemaName, replacement)} OWNER TO {owner}", cancellationToken);
        }
    }
}
