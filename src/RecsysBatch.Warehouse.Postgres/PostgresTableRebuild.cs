using System.Globalization;
using Npgsql;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Rebuilds a snapshot table in this version's layout by name, inside the caller's transaction: the new layout is
/// created under a temporary name, the old rows copied into it (renamed columns by their former name, the pipeline
/// from job_runs through run_id, new nullable columns null), the old table dropped and the new one renamed. A rebuild
/// rather than ALTER so the columns end in exactly the order a new table has, which the schema check compares.
/// </summary>
internal static class PostgresTableRebuild
{
    /// <summary>What rows of a run no longer in job_runs get: their pipeline cannot be known.</summary>
    public const string UnknownPipeline = "unknown";

    /// <summary>Runs <paramref name="plan"/>; returns the rows kept and how many of them got the unknown pipeline.</summary>
    public static async Task<(int Kept, int Unknown)> RunAsync(NpgsqlConnection connection, string schemaName, TableMigration plan, CancellationToken cancellationToken)
    {
        var schema = plan.Schema;
        var table = PostgresSql.Table(schemaName, schema.Name);
        var temporary = schema.Name + "__migrating";
        var rebuilt = PostgresSql.Table(schemaName, temporary);
        var wanted = schema.StoredColumns;
        var targets = new List<string>();
        var values = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (plan.Sources[i] is { } source)
            {
                targets.Add(PostgresSql.Quote(wanted[i].Name));
                values.Add("t." + PostgresSql.Quote(source));
            }
            else if (ReferenceEquals(wanted[i], TableSchema.PipelineColumnSchema))
            {
                targets.Add(PostgresSql.Quote(wanted[i].Name));
                values.Add("COALESCE(j.pipeline, @unknown)");
            }
        }

        var owners = $"(SELECT run_id, min(pipeline) AS pipeline FROM {PostgresSql.Table(schemaName, CoreTables.JobRuns.Name)} GROUP BY run_id)";
        var from = plan.FillsPipeline ? $"{table} t LEFT JOIN {owners} j ON j.run_id = t.run_id" : $"{table} t";
        var unknown = plan.FillsPipeline ? await CountAsync(connection, $"SELECT count(*) FROM {from} WHERE j.pipeline IS NULL", cancellationToken) : 0;
        await PostgresSql.ExecuteAsync(connection, PostgresSchema.CreateTableSql(schemaName, schema, temporary), cancellationToken);
        var kept = await PostgresSql.ExecuteAsync(
            connection,
            $"INSERT INTO {rebuilt} ({string.Join(", ", targets)}) SELECT {string.Join(", ", values)} FROM {from}",
            cancellationToken,
            plan.FillsPipeline ? [("unknown", UnknownPipeline)] : []);
        await CopyAccessAsync(connection, schemaName, schema.Name, temporary, cancellationToken);
        await PostgresSql.ExecuteAsync(connection, $"DROP TABLE {table}", cancellationToken);
        await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {rebuilt} RENAME TO {PostgresSql.Quote(schema.Name)}", cancellationToken);
        await PostgresSchema.CreateSnapshotIndexAsync(connection, schemaName, schema.Name, cancellationToken);
        return (kept, unknown);
    }

    public static async Task<int> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Analysts' roles keep reading the table after the upgrade: the old table's grants are repeated on the new one,
    /// then it is given to the old table's owner (grants first, so they are made by the creator, who may grant).
    /// </summary>
    private static async Task CopyAccessAsync(NpgsqlConnection connection, string schemaName, string from, string to, CancellationToken cancellationToken)
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
            command.Parameters.AddWithValue("table", from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owner = reader.GetString(3);
                // No ACL (default privileges) gives one row of nulls; the owner's own privileges come with ownership.
                if (!reader.IsDBNull(0) && !reader.GetBoolean(4))
                {
                    grants.Add($"GRANT {reader.GetString(1)} ON {PostgresSql.Table(schemaName, to)} TO {reader.GetString(0)}{(reader.GetBoolean(2) ? " WITH GRANT OPTION" : "")}");
                }
            }
        }

        foreach (var grant in grants)
        {
            await PostgresSql.ExecuteAsync(connection, grant, cancellationToken);
        }

        if (owner is not null)
        {
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {PostgresSql.Table(schemaName, to)} OWNER TO {owner}", cancellationToken);
        }
    }
}
