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
    private readonly PostgresSnapshots _snapshots;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public PostgresWarehouse(PostgresLocation location, ILogger logger, TimeProvider time)
    {
        _location = location;
        _connector = new PostgresConnector(location);
        _runs = new JobRunStore(location.Schema);
        _snapshots = new PostgresSnapshots(location.Schema);
        _logger = logger;
        _time = time;
    }

    public string Schema => _location.Schema;

    public string Description => _location.Description;

    public Task EnsureSchemaAsync(IEnumerable<TableSchema> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var all = CoreTables.All.Concat(tables).ToList();
        return InTransactionAsync((connection, token) => PostgresSchema.EnsureAsync(connection, Schema, all, _logger, token), cancellationToken);
    }

    public Task RecordRunStartedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, _logger, token);
                await _runs.UpsertAsync(connection, run, token);
            },
            cancellationToken);
    }

    public Task RecordRunFailedAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run with { Status = RunStatus.Failed, FinishedAt = run.FinishedAt ?? _time.GetUtcNow().UtcDateTime };
        return InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, _logger, token);
                if (!await _runs.UpdateOutcomeAsync(connection, failed, token))
                {
                    // A run can fail before it recorded its start (e.g. the server was unreachable then).
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
        await InTransactionAsync(
            async (connection, token) =>
            {
                var schemas = CoreTables.All.Concat(publication.ReplacedTables).Concat(publication.Tables.Select(t => t.Schema));
                await PostgresSchema.EnsureAsync(connection, Schema, schemas, _logger, token);
                var newestBefore = await _snapshots.NewestPublishedAsync(connection, run, token);
                await _snapshots.DeleteAsync(connection, publication, token);
                foreach (var table in publication.Tables)
                {
                    await OutputTableCopier.CopyAsync(connection, Schema, table, run, token);
                    if (table == publication.Tables[0])
                    {
                        PublishFaults.PauseInsideTransaction();
                    }

                    rows += table.RowCount;
                }

                await _runs.UpsertAsync(connection, run, token);
                await _runs.AbandonRunningAsync(connection, run, token);
                prunedBefore = publication.PruneBeforeKeeping(newestBefore);
                pruned = prunedBefore is { } before ? await _snapshots.PruneAsync(connection, publication, before, token) : 0;
                token.ThrowIfCancellationRequested();
            },
            cancellationToken);

        // Only after the commit: a snapshot logged as published must be visible to readers.
        PostgresLog.Published(_logger, run.SnapshotDate, run.Pipeline, run.RunId, Description, rows, publication.Tables.Count, clock.ElapsedMilliseconds);
        if (pruned > 0)
        {
            PostgresLog.Pruned(_logger, pruned, run.Pipeline, prunedBefore!.Value, publication.KeepSnapshotDays);
        }
    }

    public async Task<IReadOnlyList<JobRun>> GetRunsAsync(string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        List<JobRun> runs = [];
        await InTransactionAsync(
            async (connection, token) =>
            {
                await PostgresSchema.EnsureAsync(connection, Schema, CoreTables.All, _logger, token);
                runs = await _runs.ReadAsync(connection, pipeline, snapshotDate, token);
            },
            cancellationToken);
        return runs;
    }

    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        await using var connection = await _connector.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await PostgresSql.ExecuteAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken);
            await PostgresSql.ExecuteAsync(
                connection, "SELECT set_config('search_path', quote_ident(@schema) || ', public', true)", cancellationToken, ("schema", Schema));
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return QueryResult.Read(reader);
        }
        catch (PostgresException ex)
        {
            throw new RecsysException($"Query on {Description} failed: {ex.MessageText}", ex);
        }
        finally
        {
            // Read-only: never committed.
            await transaction.RollbackAsync(CancellationToken.None);
        }
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
