using System.Collections.Concurrent;
using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file. Every call opens and closes its own connection, so the file is
/// free for other processes between a run's short writes; a publish is one transaction (DuckDB's MVCC gives
/// concurrent readers the old snapshot or the new one, never a mix).
/// </summary>
internal sealed class DuckDbWarehouse : IWarehouse
{
    /// <summary>Core tables replaced per run (by run id), never per snapshot: several pipelines share them.</summary>
    private static readonly string[] RunScopedTables = [CoreTables.ModelMetrics.Name, CoreTables.RejectedEvents.Name];

    /// <summary>
    /// One writer at a time per file within this process: DuckDB lets two connections of one process write the same
    /// file, but concurrent catalog or row changes then abort with write-write conflicts (a Hangfire server runs
    /// several jobs at once). Other processes are kept out by DuckDB's own file lock (see <see cref="DuckDbConnector"/>).
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    private readonly DuckDbConnector _connector;
    private readonly ILogger _logger;

    public DuckDbWarehouse(DuckDbConnector connector, ILogger logger)
    {
        _connector = connector;
        _logger = logger;
    }

    public string Path => _connector.Path;

    public string Description => "duckdb:" + _connector.Path;

    public Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var all = CoreTables.All.Concat(tables).ToList();
        return InTransactionAsync(connection => DuckDbSchema.Ensure(connection, all), cancellationToken);
    }

    public Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return InTransactionAsync(
            connection =>
            {
                DuckDbSchema.Ensure(connection, CoreTables.All);
                JobRunStore.Upsert(connection, run);
            },
            cancellationToken);
    }

    public Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run with { Status = RunStatus.Failed, FinishedAt = run.FinishedAt ?? DateTime.UtcNow };
        return InTransactionAsync(
            connection =>
            {
                DuckDbSchema.Ensure(connection, CoreTables.All);
                if (!JobRunStore.UpdateOutcome(connection, failed))
                {
                    // A run can fail before it recorded its start (e.g. the warehouse was locked).
                    JobRunStore.Upsert(connection, failed);
                }
            },
            cancellationToken);
    }

    public Task PublishAsync(SnapshotPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        publication.Validate();
        var run = publication.Run with { Status = RunStatus.Succeeded, FinishedAt = publication.Run.FinishedAt ?? DateTime.UtcNow };
        var clock = Stopwatch.StartNew();
        return InTransactionAsync(
            connection =>
            {
                var schemas = CoreTables.All.Concat(publication.ReplacedTables).Concat(publication.Tables.Select(t => t.Schema));
                DuckDbSchema.Ensure(connection, schemas);
                DeleteSnapshot(connection, publication, cancellationToken);
                long rows = 0;
                foreach (var table in publication.Tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    OutputTableAppender.Append(connection, table, run.SnapshotDate, run.RunId, cancellationToken);
                    if (table == publication.Tables[0])
                    {
                        PublishFaults.PauseInsideTransaction();
                    }

                    rows += table.RowCount;
                }

                JobRunStore.Upsert(connection, run);
                JobRunStore.AbandonRunning(connection, run);
                var pruned = PruneOldSnapshots(connection, publication);
                cancellationToken.ThrowIfCancellationRequested();
                DuckDbLog.Published(_logger, run.SnapshotDate, run.Pipeline, run.RunId, rows, publication.Tables.Count, clock.ElapsedMilliseconds);
                if (pruned > 0)
                {
                    DuckDbLog.Pruned(_logger, pruned, publication.PruneBefore!.Value, publication.KeepSnapshotDays);
                }
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var writer = WriterOf(_connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await _connector.OpenAsync(cancellationToken);
            DuckDbSchema.Ensure(connection, CoreTables.All);
            return JobRunStore.Read(connection, pipeline, snapshotDate);
        }
        finally
        {
            writer.Release();
        }
    }

    private static void DeleteSnapshot(DuckDBConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        var run = publication.Run;
        foreach (var name in publication.ReplacedTables.Select(t => t.Name).Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (RunScopedTables.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            DuckDbSql.Execute(
                connection,
                $"DELETE FROM {DuckDbSchema.Quote(name)} WHERE snapshot_date = $snapshot_date",
                ("snapshot_date", run.SnapshotDate));
        }

        foreach (var name in RunScopedTables)
        {
            // Earlier runs of this pipeline and snapshot, and this run itself (its job_runs row may be missing).
            DuckDbSql.Execute(
                connection,
                $"DELETE FROM {DuckDbSchema.Quote(name)} WHERE run_id = $run_id OR run_id IN " +
                "(SELECT run_id FROM job_runs WHERE pipeline = $pipeline AND snapshot_date = $snapshot_date)",
                ("run_id", run.RunId),
                ("pipeline", run.Pipeline),
                ("snapshot_date", run.SnapshotDate));
        }
    }

    /// <summary>Deletes the replaced tables' rows of snapshots before PruneBefore (KeepSnapshotDays); returns the rows deleted.</summary>
    private static long PruneOldSnapshots(DuckDBConnection connection, SnapshotPublication publication)
    {
        if (publication.PruneBefore is not { } before)
        {
            return 0;
        }

        long rows = 0;
        foreach (var name in publication.ReplacedTables.Select(t => t.Name).Distinct(StringComparer.Ordinal).Where(n => !RunScopedTables.Contains(n, StringComparer.Ordinal)))
        {
            rows += DuckDbSql.Execute(connection, $"DELETE FROM {DuckDbSchema.Quote(name)} WHERE snapshot_date < $before", ("before", before));
        }

        // rejected_events is shared by the pipelines: only this pipeline's runs' rows of the pruned snapshots go.
        rows += DuckDbSql.Execute(
            connection,
            $"DELETE FROM {DuckDbSchema.Quote(CoreTables.RejectedEvents.Name)} WHERE snapshot_date < $before AND run_id IN (SELECT run_id FROM job_runs WHERE pipeline = $pipeline)",
            ("before", before),
            ("pipeline", publication.Run.Pipeline));
        return rows;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction on a fresh connection; any exception rolls it all back.</summary>
    private async Task InTransactionAsync(Action<DuckDBConnection> work, CancellationToken cancellationToken)
    {
        var writer = WriterOf(_connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await _connector.OpenAsync(cancellationToken);
            using var transaction = connection.BeginTransaction();
            // Disposing the transaction without Commit rolls it back, also when work throws.
            work(connection);
            transaction.Commit();
        }
        finally
        {
            writer.Release();
        }
    }

    private static SemaphoreSlim WriterOf(string path) => Writers.GetOrAdd(System.IO.Path.GetFullPath(path), _ => new SemaphoreSlim(1, 1));
}
