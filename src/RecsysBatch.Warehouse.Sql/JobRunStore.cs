using System.Data.Common;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Sql;

/// <summary>Reads and writes job_runs rows; callers own the connection and the transaction.</summary>
internal sealed class JobRunStore(ISqlDialect dialect)
{
    private const string Columns =
        "run_id, pipeline, snapshot_date, status, started_at, finished_at, error, input_rows, rejected_rows, app_version, notes, duplicates_dropped, events, after_snapshot, config";

    private readonly string _table = dialect.Table(CoreTables.JobRuns.Name);

    /// <summary>Replaces the row of <see cref="JobRun.RunId"/> (delete then insert: job_runs has no key to upsert on).</summary>
    public async Task UpsertAsync(DbConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        await SqlCommands.ExecuteAsync(connection, dialect, $"DELETE FROM {_table} WHERE run_id = {P("run_id")}", cancellationToken, ("run_id", run.RunId));
        var values = Values(run);
        await SqlCommands.ExecuteAsync(
            connection,
            dialect,
            $"INSERT INTO {_table} ({Columns}) VALUES ({string.Join(", ", values.Select(v => P(v.Name)))})",
            cancellationToken,
            values);
    }

    /// <summary>Updates the outcome columns of a run; returns false when the row does not exist.</summary>
    public async Task<bool> UpdateOutcomeAsync(DbConnection connection, JobRun run, CancellationToken cancellationToken)
    {
        string[] outcome = ["status", "finished_at", "error", "input_rows", "rejected_rows", "notes", "duplicates_dropped", "events", "after_snapshot", "config", "snapshot_date"];
        var values = Values(run);
        var updated = await SqlCommands.ExecuteAsync(
            connection,
            dialect,
            $"UPDATE {_table} SET {string.Join(", ", outcome.Select(c => $"{c} = {P(c)}"))} WHERE run_id = {P("run_id")}",
            cancellationToken,
            [.. values.Where(v => outcome.Contains(v.Name) || v.Name == "run_id")]);
        return updated > 0;
    }

    /// <summary>Marks other runs of the snapshot still 'running' as abandoned: a later run published, so they were killed.</summary>
    public Task AbandonRunningAsync(DbConnection connection, JobRun published, CancellationToken cancellationToken) =>
        SqlCommands.ExecuteAsync(
            connection,
            dialect,
            $"UPDATE {_table} SET status = {P("abandoned")} WHERE pipeline = {P("pipeline")} AND snapshot_date = {P("snapshot_date")} " +
            $"AND status = {P("running")} AND run_id <> {P("run_id")}",
            cancellationToken,
            ("abandoned", RunStatus.Abandoned),
            ("pipeline", published.Pipeline),
            ("snapshot_date", published.SnapshotDate),
            ("running", RunStatus.Running),
            ("run_id", published.RunId));

    public async Task<List<JobRun>> ReadAsync(DbConnection connection, string pipeline, DateOnly snapshotDate, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Create(
            connection,
            dialect,
            $"SELECT {Columns} FROM {_table} WHERE pipeline = {P("pipeline")} AND snapshot_date = {P("snapshot_date")} ORDER BY started_at, run_id",
            ("pipeline", pipeline),
            ("snapshot_date", snapshotDate));
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
                StartedAt = Utc(reader, 4),
                FinishedAt = reader.IsDBNull(5) ? null : Utc(reader, 5),
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

    /// <summary>The run's values in <see cref="Columns"/> order.</summary>
    private static (string Name, object? Value)[] Values(JobRun run) =>
    [
        ("run_id", run.RunId),
        ("pipeline", run.Pipeline),
        ("snapshot_date", run.SnapshotDate),
        ("status", run.Status),
        ("started_at", run.StartedAt),
        ("finished_at", run.FinishedAt),
        ("error", run.Error),
        ("input_rows", run.InputRows),
        ("rejected_rows", run.RejectedRows),
        ("app_version", run.AppVersion),
        ("notes", run.Notes),
        ("duplicates_dropped", run.DuplicatesDropped),
        ("events", run.Events),
        ("after_snapshot", run.AfterSnapshot),
        ("config", run.Config),
    ];

    /// <summary>Timestamps are stored as UTC instants; the driver's kind is not trusted.</summary>
    private static DateTime Utc(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    private string P(string name) => dialect.Parameter(name);
}
