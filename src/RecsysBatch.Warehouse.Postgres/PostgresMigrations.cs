using Microsoft.Extensions.Logging;
using Npgsql;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only the known additions are migrated: a table whose columns are exactly this version's minus its last one, when
/// that column is the snapshot tables' <c>pipeline</c> (filled from job_runs through run_id, indexed with
/// snapshot_date) or job_runs' <c>duplicates_dropped</c> (left null: those runs did not count duplicates).
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
        if (existing.Count != wanted.Count - 1 || !wanted.Take(existing.Count).Select(PostgresSchema.Describe).SequenceEqual(existing, StringComparer.Ordinal))
        {
            return false;
        }

        var added = wanted[^1];
        var table = PostgresSql.Table(schemaName, schema.Name);
        if (schema.HasWarehousePipelineColumn)
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

        if (schema.Name == CoreTables.JobRuns.Name && added.Name == "duplicates_dropped")
        {
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {PostgresSql.Quote(added.Name)} bigint", cancellationToken);
            PostgresLog.Migrated(logger, schema.Name, added.Name, 0, 0);
            return true;
        }

        return false;
    }
}
