using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>
/// The warehouse over one SQL database (<see cref="ISqlDialect"/>, <see cref="ISqlSession"/>). A publish is one
/// transaction under the warehouse's writer lock: delete this pipeline's rows of the snapshot, bulk-write every table,
/// job_runs, retention. A concurrent reader sees the snapshot before the commit or after it, never a mix; a killed
/// process leaves an open transaction that the database rolls back.
/// </summary>
public sealed class SqlWarehouse : IWarehouse
{
    private readonly ISqlDialect _dialect;
    private readonly ISqlSession _session;
    private readonly JobRunStore _runs;
    private readonly SqlSnapshots _snapshots;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IFaultHooks _faults;

    public SqlWarehouse(ISqlDialect dialect, ISqlSession session, ILogger logger, TimeProvider time, IFaultHooks faults)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(faults);
        _dialect = dialect;
        _session = session;
        _runs = new JobRunStore(dialect);
        _snapshots = new SqlSnapshots(dialect);
        _logger = logger;
        _time = time;
        _faults = faults;
    }

    public string Description => _session.Description;

    public Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var all = CoreTables.All.Concat(tables).ToList();
        return _session.InTransactionAsync((connection, token) => SqlSchema.EnsureAsync(connection, _dialect, all, _logger, token), cancellationToken);
    }

    public Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _session.InTransactionAsync(
            async (connection, token) =>
            {
                await SqlSchema.EnsureAsync(connection, _dialect, CoreTables.All, _logger, token);
                await _runs.UpsertAsync(connection, run, token);
            },
            cancellationToken);
    }

    public Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run with { Status = RunStatus.Failed, FinishedAt = run.FinishedAt ?? _time.GetUtcNow().UtcDateTime };
        return _session.InTransactionAsync(
            async (connection, token) =>
            {
                await SqlSchema.EnsureAsync(connection, _dialect, CoreTables.All, _logger, token);
                if (!await _runs.UpdateOutcomeAsync(connection, failed, token))
                {
                    // A run can fail before it recorded its start (e.g. the warehouse was locked or unreachable then).
                    await _runs.UpsertAsync(connection, failed, token);
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
        await _session.InTransactionAsync(
            async (connection, token) =>
            {
                var schemas = CoreTables.All.Concat(publication.ReplacedTables).Concat(publication.Tables.Select(t => t.Schema));
                await SqlSchema.EnsureAsync(connection, _dialect, schemas, _logger, token);
                var newestBefore = await _snapshots.NewestPublishedAsync(connection, run, token);
                await _snapshots.DeleteAsync(connection, publication, token);
                var total = publication.TotalRows;
                var progress = publication.Progress;
                foreach (var table in publication.Tables)
                {
                    token.ThrowIfCancellationRequested();
                    var written = rows;
                    var name = table.Name;
                    progress?.Report(new PublishProgress(name, written, total));
                    await _dialect.AppendAsync(connection, table, run, progress is null ? null : n => progress.Report(new PublishProgress(name, written + n, total)), token);
                    if (table == publication.Tables[0])
                    {
                        _faults.InsidePublishTransaction();
                    }

                    rows += table.RowCount;
                }

                progress?.Report(new PublishProgress("", rows, total));

                await _runs.UpsertAsync(connection, run, token);
                await _runs.AbandonRunningAsync(connection, run, token);
                prunedBefore = publication.PruneBeforeKeeping(newestBefore);
                pruned = prunedBefore is { } before ? await _snapshots.PruneAsync(connection, publication, before, token) : 0;
                token.ThrowIfCancellationRequested();
            },
            cancellationToken);

        // Only after the commit: a snapshot logged as published must be visible to readers.
        SqlWarehouseLog.Published(_logger, run.SnapshotDate, run.Pipeline, run.RunId, Description, rows, publication.Tables.Count, clock.ElapsedMilliseconds);
        if (pruned > 0)
        {
            SqlWarehouseLog.Pruned(_logger, pruned, run.Pipeline, prunedBefore!.Value, publication.KeepSnapshotDays);
        }
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        List<JobRun> runs = [];
        await _session.InTransactionAsync(
            async (connection, token) =>
            {
                await SqlSchema.EnsureAsync(connection, _dialect, CoreTables.All, _logger, token);
                runs = await _runs.ReadAsync(connection, pipeline, snapshotDate, token);
            },
            cancellationToken);
        return runs;
    }

    public Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return _session.QueryAsync(sql, cancellationToken);
    }
}
