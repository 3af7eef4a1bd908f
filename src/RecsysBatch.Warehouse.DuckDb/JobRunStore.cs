using DuckDB.NET.Data;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>Reads and writes job_runs rows; callers own the connection and the transaction.</summary>
internal static class JobRunStore
{
    private const string Columns =
        "run_id, pipeline, snapshot_date, status, started_at, finished_at, error, input_rows, rejected_rows, app_version, notes, duplicates_dropped, events, after_snapshot, config";

    /// <summary>Replaces the row of <see cref="JobRun.RunId"/> (delete then insert: job_runs has no key to upsert on).</summary>
    public static void Upsert(DuckDBConnection connection, JobRun run)
    {
        DuckDbSql.Execute(connection, "DELETE FROM job_runs WHERE run_id = $run_id", ("run_id", run.RunId));
        DuckDbSql.Execute(
            connection,
            $"INSERT INTO job_runs ({Columns}) VALUES ($run_id, $pipeline, $snapshot_date, $status, $started_at, $finished_at, $error, $input_rows, $rejected_rows, $app_version, $notes, $duplicates_dropped, $events, $after_snapshot, $config)",
            ("run_id", run.RunId),
            ("pipeline", run.Pipeline),
            ("snapshot_date", run.SnapshotDate),
            ("status", run.Status),
            ("started_at", Utc(run.StartedAt)),
            ("finished_at", run.FinishedAt is { } finished ? Utc(finished) : null),
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
    public static bool UpdateOutcome(DuckDBConnection connection, JobRun run)
    {
        var updated = DuckDbSql.Execute(
            connection,
            "UPDATE job_runs SET status = $status, finished_at = $finished_at, error = $error, input_rows = $input_rows, " +
            "rejected_rows = $rejected_rows, notes = $notes, duplicates_dropped = $duplicates_dropped, events = $events, after_snapshot = $after_snapshot, config = $config, snapshot_date = $snapshot_date WHERE run_id = $run_id",
            ("status", run.Status),
            ("finished_at", run.FinishedAt is { } finished ? Utc(finished) : null),
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
    public static void AbandonRunning(DuckDBConnection connection, JobRun published) =>
        DuckDbSql.Execute(
            connection,
            "UPDATE job_runs SET status = $abandoned WHERE pipeline = $pipeline AND snapshot_date = $snapshot_date " +
            "AND status = $running AND run_id <> $run_id",
            ("abandoned", RunStatus.Abandoned),
            ("pipeline", published.Pipeline),
            ("snapshot_date", published.SnapshotDate),
            ("running", RunStatus.Running),
            ("run_id", published.RunId));

    public static List<JobRun> Read(DuckDBConnection connection, string pipeline, DateOnly snapshotDate)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM job_runs WHERE pipeline = $pipeline AND snapshot_date = $snapshot_date ORDER BY started_at, run_id";
        command.Parameters.Add(new DuckDBParameter("pipeline", pipeline));
        command.Parameters.Add(new DuckDBParameter("snapshot_date", snapshotDate));
        using var reader = command.ExecuteReader();
        var runs = new List<JobRun>();
        while (reader.Read())
        {
            runs.Add(new JobRun
            {
                RunId = reader.GetString(0),
                Pipeline = reader.GetString(1),
                SnapshotDate = reader.GetFieldValue<DateOnly>(2),
                Status = reader.GetString(3),
                StartedAt = DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc),
                FinishedAt = reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
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

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
}
