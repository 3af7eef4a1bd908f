using Npgsql;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>Reads and writes job_runs rows in the warehouse's schema; callers own the connection and the transaction.</summary>
internal sealed class JobRunStore(string schemaName)
{
    private const string Columns =
        "run_id, pipeline, snapshot_date, status, started_at, finished_at, error, input_rows, rejected_rows, app_version, notes, duplicates_dropped, events, after_snapshot, config";

    private readonly string _table = PostgresSql.Table(schemaName, "job_runs");

    /// <summary>Replaces the row of <see cref="JobRun.RunId"/> (delete then insert, as the DuckDB warehouse: job_runs has no key).</summary>
    public async Task UpsertAsync(NpgsqlConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        await PostgresSql.ExecuteAsync(connection, $"DELETE FROM {_table} WHERE run_id = @run_id", cancellationToken, ("run_id", run.RunId));
        await PostgresSql.ExecuteAsync(
            connection,
            $"INSERT INTO {_table} ({Columns}) VALUES (@run_id, @pipeline, @snapshot_date, @status, @started_at, @finished_at, @error, @input_rows, @rejected_rows, @app_version, @notes, @duplicates_dropped, @events, @after_snapshot, @config)",
            cancellationToken,
            ("run_id", run.RunId),
            ("pipeline", run.Pipeline),
            ("snapshot_date", run.SnapshotDate),
            ("status", run.Status),
            ("started_at", OutputTableCopier.ToUtc(run.StartedAt)),
            ("finished_at", run.FinishedAt is { } finished ? OutputTableCopier.ToUtc(finished) : null),
            ("error", run.Error),
            ("input_rows", run.InputRows),
            ("rejected_rows", run.RejectedRows),
            ("app_version", run.AppVersion),
            ("notes", run.Notes),
            ("duplicates_dropped", run.DuplicatesDropped),
            ("events", run.Events),
            ("after_snapshot", run.AfterSnapshot),
            ("config", run.Config));
    }

    /// <summary>Updates the outcome columns of a run; returns false when the row does not exist.</summary>
    public async Task<bool> UpdateOutcomeAsync(NpgsqlConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        var updated = await PostgresSql.ExecuteAsync(
            connection,
            $"UPDATE {_table} SET status = @status, finished_at = @finished_at, error = @error, input_rows = @input_rows, " +
            "rejected_rows = @rejected_rows, notes = @notes, duplicates_dropped = @duplicates_dropped, events = @events, after_snapshot = @after_snapshot, config = @config, snapshot_date = @snapshot_date WHERE run_id = @run_id",
            cancellationToken,
            ("status", run.Status),
            ("finished_at", run.FinishedAt is { } finished ? OutputTableCopier.ToUtc(finished) : null),
            ("error", run.Error),
            ("input_rows", run.InputRows),
            ("rejected_rows", run.RejectedRows),
            ("notes", run.Notes),
            ("duplicates_dropped", run.DuplicatesDropped),
            ("events", run.Events),
            ("after_snapshot", run.AfterSnapshot),
            ("config", run.Config),
            ("snapshot_date", run.SnapshotDate),
            ("run_id", run.RunId));
        return updated > 0;
    }

    /// <summary>Marks other runs of the snapshot still 'running' as abandoned: a later run published, so they were killed.</summary>
    public Task AbandonRunningAsync(NpgsqlConnection connection, JobRun published, CancellationToken cancellationToken) =>
        PostgresSql.ExecuteAsync(
            connection,
            $"UPDATE {_table} SET status = @abandoned WHERE pipeline = @pipeline AND snapshot_date = @snapshot_date " +
            "AND status = @running AND run_id <> @run_id",
            cancellationToken,
            ("abandoned", RunStatus.Abandoned),
            ("pipeline", published.Pipeline),
            ("snapshot_date", published.SnapshotDate),
            ("running", RunStatus.Running),
            ("run_id", published.RunId));

    public async Task<List<JobRun>> ReadAsync(NpgsqlConnection connection, string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {_table} WHERE pipeline = @pipeline AND snapshot_date = @snapshot_date ORDER BY started_at, run_id",
            connection);
        command.Parameters.AddWithValue("pipeline", pipeline);
        command.Parameters.AddWithValue("snapshot_date", snapshotDate);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRun
            {
                RunId = reader.GetString(0),
                Pipeline = reader.GetString(1),
                SnapshotDate = reader.GetFieldValue<DateOnly>(2),
                Status = reader.GetString(3),
                StartedAt = reader.GetFieldValue<DateTime>(4),
                FinishedAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTime>(5),
                Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                InputRows = reader.GetInt64(7),
                RejectedRows = reader.GetInt64(8),
                AppVersion = reader.GetString(9),
                Notes = reader.IsDBNull(10) ? null : reader.GetString(10),
                DuplicatesDropped = reader.IsDBNull(11) ? 0 : reader.GetInt64(11),
                Events = reader.IsDBNull(12) ? null : reader.GetInt64(12),
                AfterSnapshot = reader.IsDBNull(13) ? null : reader.GetInt64(13),
                Config = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return runs;
    }
}
