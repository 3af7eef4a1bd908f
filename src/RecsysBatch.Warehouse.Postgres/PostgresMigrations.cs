using Microsoft.Extensions.Logging;
using Npgsql;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only explicit changes are migrated: a snapshot table whose columns are this version's up to declared renames and
/// added columns (<see cref="TableMigration"/>: rebuilt by <see cref="PostgresTableRebuild"/>), or a job_runs lacking
/// a tail of <see cref="CoreTables.JobRunsAddedLater"/> (left null: those runs did not count them). Anything else
/// stays a schema error.
/// </summary>
internal static class PostgresMigrations
{
    public static async Task<bool> TryMigrateAsync(
        NpgsqlConnection connection, string schemaName, TableSchema schema, List<string> existing, ILogger logger, CancellationToken cancellationToken)
    {
        if (schema.Name == CoreTables.JobRuns.Name)
        {
            return await TryAddJobRunsTailAsync(connection, schemaName, schema, existing, logger, cancellationToken);
        }

        var plan = TableMigration.Plan(schema, existing, PostgresSchema.Describe);
        if (plan is null)
        {
            return false;
        }

        var (kept, unknown) = await PostgresTableRebuild.RunAsync(connection, schemaName, plan, cancellationToken);
        PostgresLog.Migrated(logger, schema.Name, List(plan.Added), List(plan.Renamed), kept, unknown);
        return true;
    }

    private static async Task<bool> TryAddJobRunsTailAsync(
        NpgsqlConnection connection, string schemaName, TableSchema schema, List<string> existing, ILogger logger, CancellationToken cancellationToken)
    {
        var wanted = schema.StoredColumns;
        if (existing.Count >= wanted.Count || !wanted.Take(existing.Count).Select(PostgresSchema.Describe).SequenceEqual(existing, StringComparer.Ordinal))
        {
            return false;
        }

        var missing = wanted.Skip(existing.Count).ToList();
        if (!missing.All(c => CoreTables.JobRunsAddedLater.Contains(c.Name)))
        {
            return false;
        }

        // Append-only and nullable, so ALTER in place: counts of runs recorded before a column existed are unknown,
        // null, never a made-up zero.
        var table = PostgresSql.Table(schemaName, schema.Name);
        foreach (var column in missing)
        {
            await PostgresSql.ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {PostgresSql.Quote(column.Name)} {PostgresSchema.SqlType(column.Type)}", cancellationToken);
        }

        var rows = await PostgresTableRebuild.CountAsync(connection, $"SELECT count(*) FROM {table}", cancellationToken);
        PostgresLog.Migrated(logger, schema.Name, List(missing.Select(c => c.Name)), List([]), rows, 0);
        return true;
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
