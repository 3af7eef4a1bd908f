using RecsysBatch.Core.Tables;

namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// The warehouse contract: DuckDB (embedded default) and PostgreSQL implement it with the same semantics,
/// checked by the same test suite. Implementations open their connection per call, so analysts can read
/// between a run's short writes.
/// </summary>
public interface IWarehouse
{
    /// <summary>Where it writes, without secrets (for logs and the run summary).</summary>
    string Description { get; }

    /// <summary>Creates missing tables (the core ones and <paramref name="tables"/>); adds nothing else.</summary>
    Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken);

    /// <summary>Inserts the job_runs row of a run that starts (status running).</summary>
    Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken);

    /// <summary>Updates the job_runs row of a failed run; publishes nothing else.</summary>
    Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken);

    /// <summary>Replaces the snapshot in one transaction; a concurrent reader sees the old snapshot or the new one.</summary>
    Task PublishAsync(SnapshotPublication publication, CancellationToken cancellationToken);

    /// <summary>The job_runs rows of a pipeline and snapshot, oldest first.</summary>
    Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one SQL query read-only (DuckDB: the file opened in read-only mode; PostgreSQL: a READ ONLY transaction
    /// with the warehouse schema first on the search path) and returns all its rows. A statement that writes, or bad
    /// SQL, is a <see cref="RecsysException"/> with the database's message; nothing is changed.
    /// </summary>
    Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken);
}
