using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// Brings a table created by an earlier version to this version's layout, in the caller's transaction, and logs it.
/// Only explicit changes are migrated: a snapshot table whose columns are this version's up to declared renames and
/// added columns (<see cref="TableMigration"/>: pipeline filled from job_runs through run_id, other added columns
/// null), or a job_runs lacking a tail of <see cref="CoreTables.JobRunsAddedLater"/> (left null: those runs did not
/// count them). Anything else stays a schema error.
/// </summary>
internal static class DuckDbMigrations
{
    /// <summary>What rows of a run no longer in job_runs get: their pipeline cannot be known.</summary>
    public const string UnknownPipeline = "unknown";

    public static bool TryMigrate(DuckDBConnection connection, TableSchema schema, List<string> existing, ILogger logger)
    {
        if (schema.Name == CoreTables.JobRuns.Name)
        {
            return TryAddJobRunsTail(connection, schema, existing, logger);
        }

        var plan = TableMigration.Plan(schema, existing, DuckDbSchema.Describe);
        if (plan is null)
        {
            return false;
        }

        // A rebuild, not ALTER: DuckDB cannot set NOT NULL on a column it has just filled in the same transaction
        // ("outstanding updates") nor rename and add in place to exactly the new order; the copy is made once,
        // inside the caller's transaction, so a failure leaves the old table untouched.
        var table = DuckDbSchema.Quote(schema.Name);
        var rebuilt = DuckDbSchema.Quote(schema.Name + "__migrating");
        var wanted = schema.StoredColumns;
        var targets = new List<string>();
        var values = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (plan.Sources[i] is { } source)
            {
                targets.Add(DuckDbSchema.Quote(wanted[i].Name));
                values.Add("t." + DuckDbSchema.Quote(source));
            }
            else if (ReferenceEquals(wanted[i], TableSchema.PipelineColumnSchema))
            {
                targets.Add(DuckDbSchema.Quote(wanted[i].Name));
                values.Add("COALESCE(j.pipeline, $unknown)");
            }
        }

        var owners = "(SELECT run_id, min(pipeline) AS pipeline FROM job_runs GROUP BY run_id)";
        var from = plan.FillsPipeline ? $"{table} t LEFT JOIN {owners} j ON j.run_id = t.run_id" : $"{table} t";
        var unknown = plan.FillsPipeline ? Count(connection, $"SELECT count(*) FROM {from} WHERE j.pipeline IS NULL") : 0;
        DuckDbSql.Execute(connection, DuckDbSchema.CreateTableSql(schema, schema.Name + "__migrating"));
        var sql = $"INSERT INTO {rebuilt} ({string.Join(", ", targets)}) SELECT {string.Join(", ", values)} FROM {from}";
        var kept = plan.FillsPipeline ? DuckDbSql.Execute(connection, sql, ("unknown", UnknownPipeline)) : DuckDbSql.Execute(connection, sql);
        DuckDbSql.Execute(connection, $"DROP TABLE {table}");
        DuckDbSql.Execute(connection, $"ALTER TABLE {rebuilt} RENAME TO {table}");
        DuckDbLog.Migrated(logger, schema.Name, List(plan.Added), List(plan.Renamed), kept, unknown);
        return true;
    }

    private static bool TryAddJobRunsTail(DuckDBConnection connection, TableSchema schema, List<string> existing, ILogger logger)
    {
        var wanted = schema.StoredColumns;
        if (existing.Count >= wanted.Count || !wanted.Take(existing.Count).Select(DuckDbSchema.Describe).SequenceEqual(existing, StringComparer.Ordinal))
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
        var table = DuckDbSchema.Quote(schema.Name);
        foreach (var column in missing)
        {
            DuckDbSql.Execute(connection, $"ALTER TABLE {table} ADD COLUMN {DuckDbSchema.Quote(column.Name)} {DuckDbSchema.SqlType(column.Type)}");
        }

        DuckDbLog.Migrated(logger, schema.Name, List(missing.Select(c => c.Name)), List([]), Count(connection, $"SELECT count(*) FROM {table}"), 0);
        return true;
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static int Count(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
