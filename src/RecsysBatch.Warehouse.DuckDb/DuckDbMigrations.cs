using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only the known additions are migrated: a table whose columns are exactly this version's minus its last ones, when
/// that is the snapshot tables' <c>pipeline</c> (filled from job_runs through run_id) or a tail of job_runs'
/// <see cref="CoreTables.JobRunsAddedLater"/> (left null: those runs did not count them). Anything else stays a schema error.
/// </summary>
internal static class DuckDbMigrations
{
    /// <summary>What rows of a run no longer in job_runs get: their pipeline cannot be known.</summary>
    public const string UnknownPipeline = "unknown";

    public static bool TryMigrate(DuckDBConnection connection, TableSchema schema, List<string> existing, ILogger logger)
    {
        var wanted = schema.StoredColumns;
        if (existing.Count >= wanted.Count || !wanted.Take(existing.Count).Select(DuckDbSchema.Describe).SequenceEqual(existing, StringComparer.Ordinal))
        {
            return false;
        }

        var missing = wanted.Skip(existing.Count).ToList();
        var added = missing[0];
        var table = DuckDbSchema.Quote(schema.Name);
        if (schema.HasWarehousePipelineColumn && missing.Count == 1)
        {
            // DuckDB cannot set NOT NULL on a column it has just filled in the same transaction ("outstanding
            // updates"), so the table is rebuilt in the new layout instead: a copy, once, inside the transaction.
            var rebuilt = DuckDbSchema.Quote(schema.Name + "__migrating");
            var columns = string.Join(", ", schema.Columns.Select(c => "t." + DuckDbSchema.Quote(c.Name)));
            var owners = "(SELECT run_id, min(pipeline) AS pipeline FROM job_runs GROUP BY run_id)";
            var unknown = Count(connection, $"SELECT count(*) FROM {table} t LEFT JOIN {owners} j ON j.run_id = t.run_id WHERE j.pipeline IS NULL");
            DuckDbSql.Execute(connection, DuckDbSchema.CreateTableSql(schema).Replace(table, rebuilt, StringComparison.Ordinal));
            var filled = DuckDbSql.Execute(
                connection,
                $"INSERT INTO {rebuilt} SELECT {columns}, COALESCE(j.pipeline, $unknown) FROM {table} t LEFT JOIN {owners} j ON j.run_id = t.run_id",
                ("unknown", UnknownPipeline));
            DuckDbSql.Execute(connection, $"DROP TABLE {table}");
            DuckDbSql.Execute(connection, $"ALTER TABLE {rebuilt} RENAME TO {table}");
            DuckDbLog.Migrated(logger, schema.Name, added.Name, filled - unknown, unknown);
            return true;
        }

        if (schema.Name == CoreTables.JobRuns.Name && missing.All(c => CoreTables.JobRunsAddedLater.Contains(c.Name)))
        {
            // Counts of runs recorded before a column existed are unknown: null, never a made-up zero.
            foreach (var column in missing)
            {
                DuckDbSql.Execute(connection, $"ALTER TABLE {table} ADD COLUMN {DuckDbSchema.Quote(column.Name)} BIGINT");
                DuckDbLog.Migrated(logger, schema.Name, column.Name, 0, 0);
            }

            return true;
        }

        return false;
    }

    private static int Count(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
