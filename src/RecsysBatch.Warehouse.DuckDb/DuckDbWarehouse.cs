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
    /// <summary>
    /// One writer at a time per file within this process: DuckDB lets two connections of one process write the same
    /// file, but concurrent catalog or row changes then abort with write-write conflicts (a Hangfire server runs
    /// several jobs at once). Other processes are kept out by DuckDB's own file lock (see <see cref="DuckDbConnector"/>).
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    private readonly DuckDbConnector _connector;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public DuckDbWarehouse(DuckDbConnector connector, ILogger logger, TimeProvider time)
    {
        _connector = connector;
        _logger = logger;
        _time = time;
    }

    public string Path => _connector.Path;

    public string Description => "duckdb:" + _connector.Path;

    public Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var all = CoreTables.All.Concat(tables).ToList();
        return InTransactionAsync(connection => DuckDbSchema.Ensure(connection, all, _logger), cancellationToken);
    }

    public Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return InTransactionAsync(
            connection =>
            {
                DuckDbSchema.Ensure(connection, CoreTables.All, _logger);
                JobRunStore.Upsert(connection, run);
            },
            cancellationToken);
    }

    public Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run with { Status = RunStatus.Failed, FinishedAt = run.FinishedAt ?? _time.GetUtcNow().UtcDateTime };
        return InTransactionAsync(
            connection =>
            {
                DuckDbSchema.Ensure(connection, CoreTables.All, _logger);
                if (!JobRunStore.UpdateOutcome(connection, failed))
                {
                    // A run can fail before it recorded its start (e.g. the warehouse was locked).
                    JobRunStore.Upsert(connection, failed);
                }
            },
            cancellationToken);
    }

    public async Task PublishAsync(SnapshotPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        publication.Validate();
        var run = publication.Run with { Status = RunStatus.Succeeded, FinishedAt = publication.Run.FinishedAt ?? _time.GetUtcNow().UtcDateTime };
        var clock = Stopwatch.StartNew();
        long rows = 0, pruned = 0;
        DateOnly? prunedBefore = null;
        await InTransactionAsync(
            connection =>
            {
                var schemas = CoreTables.All.Concat(publication.ReplacedTables).Concat(publication.Tables.Select(t => t.Schema));
                DuckDbSchema.Ensure(connection, schemas, _logger);
                var newestBefore = DuckDbSnapshots.NewestPublished(connection, run);
                DuckDbSnapshots.Delete(connection, publication, cancellationToken);
                foreach (var table in publication.Tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    OutputTableAppender.Append(connection, table, run, cancellationToken);
                    if (table == publication.Tables[0])
                    {
                        PublishFaults.PauseInsideTransaction();
                    }

                    rows += table.RowCount;
                }

                JobRunStore.Upsert(connection, run);
                JobRunStore.AbandonRunning(connection, run);
                prunedBefore = publication.PruneBeforeKeeping(newestBefore);
                pruned = prunedBefore is { } before ? DuckDbSnapshots.Prune(connection, publication, before) : 0;
                cancellationToken.ThrowIfCancellationRequested();
            },
            cancellationToken);

        // Only after the commit: a snapshot logged as published must be visible to readers.
        DuckDbLog.Published(_logger, run.SnapshotDate, run.Pipeline, run.RunId, rows, publication.Tables.Count, clock.ElapsedMilliseconds);
        if (pruned > 0)
        {
            DuckDbLog.Pruned(_logger, pruned, run.Pipeline, prunedBefore!.Value, publication.KeepSnapshotDays);
        }
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var writer = WriterOf(_connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await _connector.OpenAsync(cancellationToken);
            DuckDbSchema.Ensure(connection, CoreTables.All, _logger);
            return JobRunStore.Read(connection, pipeline, snapshotDate);
        }
        finally
        {
            writer.Release();
        }
    }

    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (!File.Exists(_connector.Path))
        {
            throw new RecsysException($"Warehouse file {_connector.Path} does not exist (no run has published there yet).");
        }

        // In this process the file is opened by one connection at a time: DuckDB refuses a read-only open beside a
        // read-write one of the same file.
        var writer = WriterOf(_connector.Path);
        await writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = await _connector.ReadOnly().OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                using var reader = command.ExecuteReader();
                return QueryResult.Read(reader);
            }
            catch (DuckDBException ex)
            {
                throw new RecsysException($"Query on {Description} failed: {ex.Message.Split('\n')[0]}", ex);
            }
        }
        finally
        {
            writer.Release();
        }
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
