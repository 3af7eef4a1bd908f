using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// Everything one successful run publishes, committed in one transaction: the rows of
/// <see cref="Tables"/> replace the snapshot's rows of every table in <see cref="ReplacedTables"/>
/// (declared by the pipeline's stages, so a table whose stage was skipped is emptied for the snapshot,
/// never left with an older run's rows), and the job_runs row becomes <see cref="Run"/>.
/// model_metrics and rejected_events rows of earlier runs of the same pipeline and snapshot are replaced too.
/// </summary>
public sealed record SnapshotPublication(
    JobRun Run,
    IReadOnlyList<TableSchema> ReplacedTables,
    IReadOnlyList<OutputTable> Tables)
{
    /// <summary>Only snapshot tables can be replaced or written; job_runs is the warehouse's own bookkeeping.</summary>
    public void Validate()
    {
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
