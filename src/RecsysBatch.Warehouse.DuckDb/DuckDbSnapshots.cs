using DuckDB.NET.Data;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// The per-pipeline snapshot model: a snapshot's rows belong to the pipeline that published them, so a publish
/// replaces and prunes only rows of its own pipeline (two pipelines publishing one date never mix their rows).
/// Callers own the connection and the transaction.
/// </summary>
internal static class DuckDbSnapshots
{
    /// <summary>Every snapshot table a publication writes or declares replaced, the core ones included, each name once.</summary>
    public static List<string> Tables(SnapshotPublication publication) =>
        [.. publication.ReplacedTables.Concat(publication.Tables.Select(t => t.Schema)).Append(CoreTables.ModelMetrics).Append(CoreTables.RejectedEvents)
            .Select(t => t.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Deletes this pipeline's rows of the published snapshot (earlier runs of it, model_metrics included).</summary>
    public static void Delete(DuckDBConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        foreach (var name in Tables(publication))
        {
            cancellationToken.ThrowIfCancellationRequested();
            DuckDbSql.Execute(
                connection,
                $"DELETE FROM {DuckDbSchema.Quote(name)} WHERE snapshot_date = $snapshot_date AND pipeline = $pipeline",
                ("snapshot_date", publication.Run.SnapshotDate),
                ("pipeline", publication.Run.Pipeline));
        }
    }

    /// <summary>
    /// The newest snapshot this pipeline had published before this run (null: none), read before this run's job_runs
    /// row is written: retention never deletes it, whatever date the run publishes.
    /// </summary>
    public static DateOnly? NewestPublished(DuckDBConnection connection, JobRun run)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(snapshot_date) FROM job_runs WHERE pipeline = $pipeline AND status = $succeeded AND run_id <> $run_id";
        command.Parameters.Add(new DuckDBParameter("pipeline", run.Pipeline));
        command.Parameters.Add(new DuckDBParameter("succeeded", RunStatus.Succeeded));
        command.Parameters.Add(new DuckDBParameter("run_id", run.RunId));
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : value is DateOnly date ? date : DateOnly.FromDateTime(Convert.ToDateTime(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// KeepSnapshotDays: deletes this pipeline's rows of snapshots before <paramref name="before"/> from the tables it
    /// replaces and from rejected_events (model_metrics and job_runs keep their history); returns the rows deleted.
    /// </summary>
    public static long Prune(DuckDBConnection connection, SnapshotPublication publication, DateOnly before)
    {
        long rows = 0;
        foreach (var name in publication.PrunedTables)
        {
            rows += DuckDbSql.Execute(
                connection,
                $"DELETE FROM {DuckDbSchema.Quote(name)} WHERE snapshot_date < $before AND pipeline = $pipeline",
                ("before", before),
                ("pipeline", publication.Run.Pipeline));
        }

        return rows;
    }
}
