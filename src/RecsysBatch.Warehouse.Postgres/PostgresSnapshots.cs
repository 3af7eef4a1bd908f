using Npgsql;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// The per-pipeline snapshot model: a snapshot's rows belong to the pipeline that published them, so a publish
/// replaces and prunes only rows of its own pipeline (two pipelines publishing one date never mix their rows).
/// Callers own the connection and the transaction.
/// </summary>
internal sealed class PostgresSnapshots(string schemaName)
{
    /// <summary>Every snapshot table a publication writes or declares replaced, the core ones included, each name once.</summary>
    public static List<string> Tables(SnapshotPublication publication) =>
        [.. publication.ReplacedTables.Concat(publication.Tables.Select(t => t.Schema)).Append(CoreTables.ModelMetrics).Append(CoreTables.RejectedEvents)
            .Select(t => t.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Deletes this pipeline's rows of the published snapshot (earlier runs of it, model_metrics included).</summary>
    public async Task DeleteAsync(NpgsqlConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        foreach (var name in Tables(publication))
        {
            await PostgresSql.ExecuteAsync(
                connection,
                $"DELETE FROM {PostgresSql.Table(schemaName, name)} WHERE snapshot_date = @snapshot_date AND pipeline = @pipeline",
                cancellationToken,
                ("snapshot_date", publication.Run.SnapshotDate),
                ("pipeline", publication.Run.Pipeline));
        }
    }

    /// <summary>
    /// The newest snapshot this pipeline had published before this run (null: none), read before this run's job_runs
    /// row is written: retention never deletes it, whatever date the run publishes.
    /// </summary>
    public async Task<DateOnly?> NewestPublishedAsync(NpgsqlConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT max(snapshot_date) FROM {PostgresSql.Table(schemaName, CoreTables.JobRuns.Name)} WHERE pipeline = @pipeline AND status = @succeeded AND run_id <> @run_id",
            connection);
        command.Parameters.AddWithValue("pipeline", run.Pipeline);
        command.Parameters.AddWithValue("succeeded", RunStatus.Succeeded);
        command.Parameters.AddWithValue("run_id", run.RunId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateOnly>(0) : null;
    }

    /// <summary>
    /// KeepSnapshotDays: deletes this pipeline's rows of snapshots before <paramref name="before"/> from the tables it
    /// replaces and from rejected_events (model_metrics and job_runs keep their history); returns the rows deleted.
    /// </summary>
    public async Task<long> PruneAsync(NpgsqlConnection connection, SnapshotPublication publication, DateOnly before, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var name in publication.PrunedTables)
        {
            rows += await PostgresSql.ExecuteAsync(
                connection,
                $"DELETE FROM {PostgresSql.Table(schemaName, name)} WHERE snapshot_date < @before AND pipeline = @pipeline",
                cancellationToken,
                ("before", before),
                ("pipeline", publication.Run.Pipeline));
        }

        return rows;
    }
}
