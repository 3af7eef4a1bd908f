using System.Data.Common;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only explicit changes are migrated: a snapshot table whose columns are this version's up to declared renames and
/// added columns (<see cref="TableMigration"/>: rebuilt, the pipeline filled from job_runs through run_id, other added
/// columns null), or a job_runs lacking a tail of <see cref="CoreTables.JobRunsAddedLater"/> (left null: those runs
/// did not count them). Anything else stays a schema error.
/// </summary>
internal static class SqlMigrations
{
    /// <summary>What rows of a run no longer in job_runs get: their pipeline cannot be known.</summary>
    public const string UnknownPipeline = "unknown";

    public static async Task<bool> TryMigrateAsync(
        DbConnection connection, ISqlDialect dialect, TableSchema schema, List<string> existing, ILogger logger, CancellationToken cancellationToken)
    {
        if (schema.Name == CoreTables.JobRuns.Name)
        {
            return await TryAddJobRunsTailAsync(connection, dialect, schema, existing, logger, cancellationToken);
        }

        var plan = TableMigration.Plan(schema, existing, c => SqlSchema.Describe(dialect, c));
        if (plan is null)
        {
            return false;
        }

        var (kept, unknown) = await RebuildAsync(connection, dialect, plan, cancellationToken);
        SqlWarehouseLog.Migrated(logger, schema.Name, List(plan.Added), List(plan.Renamed), kept, unknown);
        return true;
    }

    /// <summary>
    /// A rebuild, not ALTER, so the columns end in exactly the order a new table has (and DuckDB cannot set NOT NULL on
    /// a column it has just filled in the same transaction): the new layout is created under a temporary name, the old
    /// rows copied in (renamed columns by their former name), the old table dropped and the new one renamed, all inside
    /// the caller's transaction, so a failure leaves the old table untouched. Returns the rows kept and how many of
    /// them got the unknown pipeline.
    /// </summary>
    private static async Task<(int Kept, int Unknown)> RebuildAsync(DbConnection connection, ISqlDialect dialect, TableMigration plan, CancellationToken cancellationToken)
    {
        var schema = plan.Schema;
        var table = dialect.Table(schema.Name);
        var temporary = schema.Name + "__migrating";
        var wanted = schema.StoredColumns;
        var targets = new List<string>();
        var values = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (plan.Sources[i] is { } source)
            {
                targets.Add(dialect.Quote(wanted[i].Name));
                values.Add("t." + dialect.Quote(source));
            }
            else if (ReferenceEquals(wanted[i], TableSchema.PipelineColumnSchema))
            {
                targets.Add(dialect.Quote(wanted[i].Name));
                values.Add($"COALESCE(j.pipeline, {dialect.Parameter("unknown")})");
            }
        }

        var owners = $"(SELECT run_id, min(pipeline) AS pipeline FROM {dialect.Table(CoreTables.JobRuns.Name)} GROUP BY run_id)";
        var from = plan.FillsPipeline ? $"{table} t LEFT JOIN {owners} j ON j.run_id = t.run_id" : $"{table} t";
        var unknown = plan.FillsPipeline ? await SqlCommands.CountAsync(connection, $"SELECT count(*) FROM {from} WHERE j.pipeline IS NULL", cancellationToken) : 0;
        await SqlCommands.ExecuteAsync(connection, dialect, SqlSchema.CreateTableSql(dialect, schema, temporary), cancellationToken);
        var kept = await SqlCommands.ExecuteAsync(
            connection,
            dialect,
            $"INSERT INTO {dialect.Table(temporary)} ({string.Join(", ", targets)}) SELECT {string.Join(", ", values)} FROM {from}",
            cancellationToken,
            plan.FillsPipeline ? [("unknown", UnknownPipeline)] : []);
        await dialect.BeforeReplaceAsync(connection, schema.Name, temporary, cancellationToken);
        await SqlCommands.ExecuteAsync(connection, dialect, $"DROP TABLE {table}", cancellationToken);
        await SqlCommands.ExecuteAsync(connection, dialect, $"ALTER TABLE {dialect.Table(temporary)} RENAME TO {dialect.Quote(schema.Name)}", cancellationToken);
        await dialect.CreateIndexesAsync(connection, schema, cancellationToken);
        return (kept, unknown);
    }

    private static async Task<bool> TryAddJobRunsTailAsync(
        DbConnection connection, ISqlDialect dialect, TableSchema schema, List<string> existing, ILogger logger, CancellationToken cancellationToken)
    {
        var wanted = schema.StoredColumns;
        if (existing.Count >= wanted.Count || !wanted.Take(existing.Count).Select(c => SqlSchema.Describe(dialect, c)).SequenceEqual(existing, StringComparer.Ordinal))
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
        var table = dialect.Table(schema.Name);
        foreach (var column in missing)
        {
            await SqlCommands.ExecuteAsync(connection, dialect, $"ALTER TABLE {table} ADD COLUMN {dialect.Quote(column.Name)} {dialect.SqlType(column.Type)}", cancellationToken);
        }

        var rows = await SqlCommands.CountAsync(connection, $"SELECT count(*) FROM {table}", cancellationToken);
        SqlWarehouseLog.Migrated(logger, schema.Name, List(missing.Select(c => c.Name)), List([]), rows, 0);
        return true;
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
