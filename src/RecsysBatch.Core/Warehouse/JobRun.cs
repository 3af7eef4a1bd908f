namespace RecsysBatch.Core.Warehouse;

/// <summary>One row of job_runs: a run of a pipeline for a snapshot date.</summary>
public sealed record JobRun
{
    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    public required DateOnly SnapshotDate { get; init; }

    public required string Status { get; init; }

    public required DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public string? Error { get; init; }

    public long InputRows { get; init; }

    public long RejectedRows { get; init; }

    /// <summary>Exact duplicate input lines dropped by ingest (job_runs.duplicates_dropped).</summary>
    public long DuplicatesDropped { get; init; }

    /// <summary>Events ingest kept (job_runs.events); null when ingest did not finish.</summary>
    public long? Events { get; init; }

    /// <summary>Valid events at or after the snapshot (job_runs.after_snapshot); null when ingest did not finish.</summary>
    public long? AfterSnapshot { get; init; }

    public required string AppVersion { get; init; }

    /// <summary>Skipped stages and warnings, one per line (job_runs.notes).</summary>
    public string? Notes { get; init; }

    /// <summary>The run's effective configuration as JSON (job_runs.config); null: recorded by an earlier version.</summary>
    public string? Config { get; init; }
}
