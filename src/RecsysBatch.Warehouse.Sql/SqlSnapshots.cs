using System.Data.Common;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>
/// The per-pipeline snapshot model: a snapshot's rows belong to the pipeline that published them, so a publish
/// replaces and prunes only rows of its own pipeline (two pipelines publishing one date never mix their rows).
/// Callers own the connection and the transaction.
/// </summary>
internal sealed class SqlSnapshots(ISqlDialect dialect)
{
    /// <summary>Every snapshot table a publication writes or declares replaced, the core ones included, each name once.</summary>
    public static List<string> Tables(SnapshotPublication publication) =>
        [.. publication.ReplacedTables.Concat(publication.Tables.Select(t => t.Schema)).Append(CoreTables.ModelMetrics).Append(CoreTables.RejectedEvents)
            .Select(t => t.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Deletes this pipeline's rows of the published snapshot (earlier runs of it, model_metrics included).</summary>
    public async Task DeleteAsync(DbConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        foreach (var name in Tables(publication))
        {
            await SqlCommands.ExecuteAsync(
                connection,
                dialect,
                $"DELETE FROM {dialect.Table(name)} WHERE snapshot_date = {dialect.Parameter("snapshot_date")} AND pipeline = {dialect.Parameter("pipeline")}",
                cancellationToken,
                ("snapshot_date", publication.Run.SnapshotDate),
                ("pipeline", publication.Run.Pipeline));
        }
    }

    /// <summary>
    /// The newest snapshot this pipeline had published before this run (null: none), read before this run's job_runs
    /// row is written: retention never deletes it, whatever date the run publishes.
    /// </summary>
    public async Task<DateOnly?> NewestPublishedAsync(DbConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Create(
            connection,
            dialect,
            $"SELECT max(snapshot_date) FROM {dialect.Table(CoreTables.JobRuns.Name)} WHERE pipeline = {dialect.Parameter("pipeline")} " +
            $"AND status = {dialect.Parameter("succeeded")} AND run_id <> {dialect.Parameter("run_id")}",
            ("pipeline", run.Pipeline),
            ("succeeded", RunStatus.Succeeded),
            ("run_id", run.RunId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateOnly>(0) : null;
    }

    /// <summary>
    /// KeepSnapshotDays: deletes this pipeline's rows of snapshots before <paramref name="before"/> from the tables it
    /// replaces and from rejected_events (model_metrics and job_runs keep their history); returns the rows deleted.
    /// </summary>
    public async Task<long> PruneAsync(DbConnection connection, SnapshotPublication publication, DateOnly before, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var name in publication.PrunedTables)
        {
            rows += await SqlCommands.ExecuteAsync(
                connection,
                dialect,
                $"DELETE FROM {dialect.Table(name)} WHERE snapshot_date < {dialect.Parameter("before")} AND pipeline = {dialect.Parameter("pipeline")}",
                cancellationToken,
                ("before", before),
                ("pipeline", publication.Run.Pipeline));
        }

        return rows;
    }
}
