using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// Everything one successful run publishes, committed in one transaction: the rows of
/// <see cref="Tables"/> replace the snapshot's rows of every table in <see cref="ReplacedTables"/>
/// (declared by the pipeline's stages, so a table whose stage was skipped is emptied for the snapshot,
/// never left with an older run's rows), and the job_runs row becomes <see cref="Run"/>.
/// A snapshot is owned per pipeline: every snapshot table has a pipeline column (added by the warehouse), and only
/// this run's pipeline's rows of the snapshot are replaced, model_metrics and rejected_events included, so two
/// pipelines publishing the same date never mix their rows.
/// </summary>
public sealed record SnapshotPublication(
    JobRun Run,
    IReadOnlyList<TableSchema> ReplacedTables,
    IReadOnlyList<OutputTable> Tables)
{
    /// <summary>
    /// Snapshots kept in the replaced tables, counting the published one: with N > 0 the publish also deletes this
    /// pipeline's rows of snapshots before <see cref="PruneBefore"/> (rejected_events included), but never the newest
    /// snapshot the pipeline had published before the run (a publish dated far ahead must not wipe every real one);
    /// 0 keeps every snapshot. job_runs and model_metrics are never pruned.
    /// </summary>
    public int KeepSnapshotDays { get; init; }

    /// <summary>Told the rows written so far while the tables are written (null: nobody is watching).</summary>
    public IProgress<PublishProgress>? Progress { get; init; }

    /// <summary>Rows of all <see cref="Tables"/>.</summary>
    public long TotalRows => Tables.Sum(t => (long)t.RowCount);

    /// <summary>The oldest snapshot date a publish keeps (published date − KeepSnapshotDays + 1); null: keep all.</summary>
    public DateOnly? PruneBefore => KeepSnapshotDays > 0 ? Run.SnapshotDate.AddDays(1 - KeepSnapshotDays) : null;

    /// <summary>The tables retention prunes: those the publish replaces and rejected_events; model_metrics keeps its history.</summary>
    public IEnumerable<string> PrunedTables =>
        ReplacedTables.Select(t => t.Name).Append(CoreTables.RejectedEvents.Name)
            .Where(n => n != CoreTables.ModelMetrics.Name).Distinct(StringComparer.Ordinal);

    /// <summary>The retention cut-off: <see cref="PruneBefore"/>, but never past <paramref name="newestBefore"/>, the newest snapshot published before this run.</summary>
    public DateOnly? PruneBeforeKeeping(DateOnly? newestBefore) =>
        PruneBefore is not { } before ? null
        : newestBefore is { } newest && newest < before ? newest
        : before;

    /// <summary>Only snapshot tables can be replaced or written; job_runs is the warehouse's own bookkeeping.</summary>
    public void Validate()
    {
        if (KeepSnapshotDays < 0)
        {
            throw new RecsysException($"KeepSnapshotDays must be 0 (keep all) or a number of days, not {KeepSnapshotDays}.");
        }

        foreach (var schema in ReplacedTables.Concat(Tables.Select(t => t.Schema)))
        {
            if (!schema.IsSnapshotTable || schema.Name == CoreTables.JobRuns.Name)
            {
                throw new RecsysException(
                    $"Table {schema.Name} cannot be published: only tables with snapshot_date and run_id columns (not job_runs) are replaced per snapshot.");
            }
        }
    }
}
