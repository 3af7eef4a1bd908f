using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>
/// The server warehouse: the tables of one PostgreSQL schema. Every call opens (from Npgsql's pool) and closes its
/// own connection. A publish is one READ COMMITTED transaction (DELETE the snapshot's rows, binary COPY every
/// table, job_runs): each statement of a concurrent reader sees the state before the commit or after it, never a
/// mix. Writers of one schema take a transaction-scoped advisory lock first, so two publishes of the same snapshot
/// run one after the other (never interleaving their deletes and copies into duplicates) and concurrent
/// CREATE TABLEs never race. A killed process leaves an open transaction that the server rolls back.
/// </summary>
internal sealed class PostgresWarehouse : IWarehouse
{
    private readonly PostgresLocation _location;
    private readonly PostgresConnector _connector;
    private readonly JobRunStore _runs;
    private readonly ILogger _logger;

    public PostgresWarehouse(PostgresLocation location, ILogger logger)
    {
        _location = location;
        _connector = new PostgresConnector(location);
        _runs = new JobRunStore(location.Schema);
        _logger = logger;
    }

    public string Schema => _location.Schema;

    public string Description => _location.Description;

    public Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var all = CoreTables.All.Concat(tables).ToList();
        return InTransactionAsync((connection, token) => PostgresSchema.EnsureAsync(connection, Schema, all, token), cancellationToken);
    }

    public Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, token);
                await _runs.UpsertAsync(connection, run, token);
            },
            cancellationToken);
    }

    public Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run with { Status = RunStatus.Failed, FinishedAt = run.FinishedAt ?? DateTime.UtcNow };
        return InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, token);
                if (!await _runs.UpdateOutcomeAsync(connection, failed, token))
                {
                    // A run can fail before it recorded its start (e.g. the server was unreachable then).
                    await _runs.UpsertAsync(connection, failed, token);
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
            async (connection, token) =>
            {
                var schemas = CoreTables.All.Concat(publication.ReplacedTables).Concat(publication.Tables.Select(t => t.Schema));
                await PostgresSchema.EnsureAsync(connection, Schema, schemas, token);
                await DeleteSnapshotAsync(connection, publication, token);
                long rows = 0;
                foreach (var table in publication.Tables)
                {
                    await OutputTableCopier.CopyAsync(connection, Schema, table, run.SnapshotDate, run.RunId, token);
                    if (table == publication.Tables[0])
                    {
                        PublishFaults.PauseInsideTransaction();
                    }

                    rows += table.RowCount;
                }

                await _runs.UpsertAsync(connection, run, token);
                await _runs.AbandonRunningAsync(connection, run, token);
                var pruned = await PruneOldSnapshotsAsync(connection, publication, token);
                token.ThrowIfCancellationRequested();
                PostgresLog.Published(_logger, run.SnapshotDate, run.Pipeline, run.RunId, Description, rows, publication.Tables.Count, clock.ElapsedMilliseconds);
                if (pruned > 0)
                {
                    PostgresLog.Pruned(_logger, pruned, publication.PruneBefore!.Value, publication.KeepSnapshotDays);
                }
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        List<JobRun> runs = [];
        await InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, token);
                runs = await _runs.ReadAsync(connection, pipeline, snapshotDate, token);
            },
            cancellationToken);
        return runs;
    }

    private async Task DeleteSnapshotAsync(NpgsqlConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        var run = publication.Run;
        foreach (var name in publication.ReplacedTables.Select(t => t.Name).Distinct(StringComparer.Ordinal))
        {
            if (PostgresSchema.RunScopedTables.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            await PostgresSql.ExecuteAsync(
                connection,
                $"DELETE FROM {PostgresSql.Table(Schema, name)} WHERE snapshot_date = @snapshot_date",
                cancellationToken,
                ("snapshot_date", run.SnapshotDate));
        }

        foreach (var name in PostgresSchema.RunScopedTables)
        {
            // Earlier runs of this pipeline and snapshot, and this run itself (its job_runs row may be missing).
            await PostgresSql.ExecuteAsync(
                connection,
                $"DELETE FROM {PostgresSql.Table(Schema, name)} WHERE run_id = @run_id OR run_id IN " +
                $"(SELECT run_id FROM {PostgresSql.Table(Schema, "job_runs")} WHERE pipeline = @pipeline AND snapshot_date = @snapshot_date)",
                cancellationToken,
                ("run_id", run.RunId),
                ("pipeline", run.Pipeline),
                ("snapshot_date", run.SnapshotDate));
        }
    }

    /// <summary>Deletes the replaced tables' rows of snapshots before PruneBefore (KeepSnapshotDays); returns the rows deleted.</summary>
    private async Task<long> PruneOldSnapshotsAsync(NpgsqlConnection connection, SnapshotPublication publication, CancellationToken cancellationToken)
    {
        if (publication.PruneBefore is not { } before)
        {
            return 0;
        }

        long rows = 0;
        foreach (var name in publication.ReplacedTables.Select(t => t.Name).Distinct(StringComparer.Ordinal).Where(n => !PostgresSchema.RunScopedTables.Contains(n, StringComparer.Ordinal)))
        {
            rows += await PostgresSql.ExecuteAsync(connection, $"DELETE FROM {PostgresSql.Table(Schema, name)} WHERE snapshot_date < @before", cancellationToken, ("before", before));
        }

        // rejected_events is shared by the pipelines: only this pipeline's runs' rows of the pruned snapshots go.
        rows += await PostgresSql.ExecuteAsync(
            connection,
            $"DELETE FROM {PostgresSql.Table(Schema, CoreTables.RejectedEvents.Name)} WHERE snapshot_date < @before AND run_id IN " +
            $"(SELECT run_id FROM {PostgresSql.Table(Schema, "job_runs")} WHERE pipeline = @pipeline)",
            cancellationToken,
            ("before", before),
            ("pipeline", publication.Run.Pipeline));
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a fresh connection, after taking the schema's writer lock
    /// (released at commit or rollback, also when the process dies); any exception rolls it all back.
    /// </summary>
    private async Task InTransactionAsync(Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await _connector.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresSql.ExecuteAsync(
            connection, "SELECT pg_advisory_xact_lock(hashtext(@key))", cancellationToken, ("key", "recsys-warehouse:" + Schema));
        await work(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
