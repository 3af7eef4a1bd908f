namespace RecsysBatch.Core.Tables;

/// <summary>The tables every run writes, whatever its stages: job_runs, model_metrics, rejected_events.</summary>
public static class CoreTables
{
    public static readonly TableSchema JobRuns = new("job_runs",
    [
        new("run_id", ColumnType.String, Description: "Unique id of the run."),
        new("pipeline", ColumnType.String, Description: "Pipeline name (from the pipeline file)."),
        new("snapshot_date", ColumnType.Date, Description: "As-of date (UTC): the run used events with ts < snapshot_date."),
        new("status", ColumnType.String, Description: "running, succeeded, failed, or abandoned (killed; found still running when a later run of the snapshot published)."),
        new("started_at", ColumnType.Timestamp, Description: "UTC time the run started."),
        new("finished_at", ColumnType.Timestamp, Nullable: true, Description: "UTC time the run ended (null while running)."),
        new("error", ColumnType.String, Nullable: true, Description: "One-line error of a failed run."),
        new("input_rows", ColumnType.Int64, Description: "Data lines read from all sources (headers and blank lines excluded)."),
        new("rejected_rows", ColumnType.Int64, Description: "Lines quarantined in rejected_events."),
        new("app_version", ColumnType.String, Description: "RecsysBatch version that ran."),
        new("notes", ColumnType.String, Nullable: true, Description: "Skipped stages and warnings, one per line."),
        // Last, as the ALTER TABLE ADD COLUMN that migrates an older job_runs puts it.
        new("duplicates_dropped", ColumnType.Int64, Nullable: true, Description: "Exact duplicate input lines dropped by ingest (null: recorded by a version that did not count them)."),
        new("events", ColumnType.Int64, Nullable: true, Description: "Events ingest kept: valid, deduplicated, before the snapshot (null: ingest did not finish, or an earlier version)."),
        new("after_snapshot", ColumnType.Int64, Nullable: true, Description: "Valid events at or after the snapshot date, left out by the time discipline (null as for events); input_rows = events + rejected_rows + duplicates_dropped + after_snapshot."),
        new("config", ColumnType.String, Nullable: true, Description: "The run's effective configuration as JSON: pipeline name, file and SHA-256, command-line overrides, horizonDays, seed, version, each source's files with size and SHA-256, each stage's options after defaults (null: an earlier version)."),
    ]);

    public static readonly TableSchema ModelMetrics = new("model_metrics",
    [
        new("run_id", ColumnType.String, Description: "Run that computed the metric."),
        new("snapshot_date", ColumnType.Date, Description: "Snapshot of the run."),
        new("stage", ColumnType.String, Description: "Stage name (featurize, factorize, ...)."),
        new("model", ColumnType.String, Description: "Model or baseline the figure is for (e.g. mf, popularity, transform)."),
        new("metric", ColumnType.String, Description: "Metric name (e.g. recall@20, rmse, rows)."),
        new("value", ColumnType.Double, Nullable: true, Description: "Metric value (unit given by the metric name)."),
    ]);

    public static readonly TableSchema RejectedEvents = new("rejected_events",
    [
        new("run_id", ColumnType.String, Description: "Run that read the line."),
        new("snapshot_date", ColumnType.Date, Description: "Snapshot of the run."),
        new("source", ColumnType.String, Description: "Source as given, FORMAT:PATH."),
        new("line_number", ColumnType.Int64, Description: "1-based line number in the file (Parquet: row number)."),
        new("raw", ColumnType.String, Description: "The line as read, control characters written as \\xNN; a line over 1,000 characters is cut and ends with …[cut, N bytes]."),
        new("reason", ColumnType.String, Description: "Why it was rejected."),
    ]);

    /// <summary>
    /// job_runs columns added after the first release, at its end, in this order: a warehouse whose job_runs lacks a
    /// tail of them gets them added (null on earlier rows) instead of a schema error.
    /// </summary>
    public static IReadOnlyList<string> JobRunsAddedLater { get; } = ["duplicates_dropped", "events", "after_snapshot", "config"];

    public static IReadOnlyList<TableSchema> All { get; } = [JobRuns, ModelMetrics, RejectedEvents];
}
