using Microsoft.Extensions.Logging;
using Npgsql;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only the known additions are migrated: a table whose columns are exactly this version's minus its last ones, when
/// that is the snapshot tables' <c>pipeline</c> (filled from job_runs through run_id, indexed with snapshot_date) or a
/// tail of job_runs' <see cref="CoreTables.JobRunsAddedLater"/> (left null: those runs did not count them).
/// Anything else stays a schema error.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>What rows of a run no longer in job_runs get: their pipeline cannot be known.</summary>
    public const string UnknownPipeline = "unknown";

    public static async Task<bool> TryMigrateAsync(
        NpgsqlConnection connection, string schemaName, TableSchema schema, List<string> existing, ILogger logger, CancellationToken cancellationToken)
    {
        var wanted = schema.StoredColumns;
        if (existing.Count >= wanted.Count || !wanted.Take(existing.Count).Select(PostgresSchema.Describe).SequenceEqual(existing, StringComparer.Ordinal))
        {
            return false;
        }

        var missing = wanted.Skip(existing.Count).ToList();
        var added = missing[0];
        var table = PostgresSql.Table(schemaName, schema.Name);
        if (schema.HasWarehousePipelineColumn && missing.Count == 1)
        {
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {PostgresSql.Quote(added.Name)} text", cancellationToken);
            var filled = await PostgresSql.ExecuteAsync(
                connection,
                $"UPDATE {table} t SET pipeline = j.pipeline FROM {PostgresSql.Table(schemaName, CoreTables.JobRuns.Name)} j WHERE j.run_id = t.run_id",
                cancellationToken);
            var unknown = await PostgresSql.ExecuteAsync(
                connection, $"UPDATE {table} SET pipeline = @unknown WHERE pipeline IS NULL", cancellationToken, ("unknown", UnknownPipeline));
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {table} ALTER COLUMN pipeline SET NOT NULL", cancellationToken);
            await PostgresSchema.CreateSnapshotIndexAsync(connection, schemaName, schema.Name, cancellationToken);
            PostgresLog.Migrated(logger, schema.Name, added.Name, filled, unknown);
            return true;
        }

        if (schema.Name == CoreTables.JobRuns.Name && missing.All(c => CoreTables.JobRunsAddedLater.Contains(c.Name)))
        {
            // Counts of runs recorded before a column existed are unknown: null, never a made-up zero.
            foreach (var column in missing)
            {
                await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {PostgresSql.Quote(column.Name)} bigint", cancellationToken);
                PostgresLog.Migrated(logger, schema.Name, column.Name, 0, 0);
            }

            return true;
        }

        return false;
    }
}
