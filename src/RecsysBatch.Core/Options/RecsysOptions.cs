using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Core.Options;

/// <summary>The "Recsys" section of appsettings.json (override with RECSYS__WAREHOUSE etc. environment variables).</summary>
public sealed class RecsysOptions
{
    public const string Section = "Recsys";

    /// <summary>duckdb:PATH (embedded, default) or postgres:CONNSTRING; relative paths are from the working directory.</summary>
    [Required]
    [RegularExpression("^(duckdb|postgres):.+$", ErrorMessage = "Warehouse must be duckdb:PATH or postgres:CONNSTRING.")]
    public string Warehouse { get; set; } = "duckdb:data/warehouse.duckdb";

    /// <summary>Folder under which each run keeps its artefacts (fitted transforms, models) in a folder named by run id.</summary>
    [Required]
    public string ArtifactsPath { get; set; } = "data/runs";

    /// <summary>Seed of every random choice (MLContext, sampling); the same seed and inputs write the same tables.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Days a failed staged run keeps its checkpoints (they only serve a resume: a requeue, or the same run triggered
    /// again); older ones are deleted when a new run begins, the run's folder (run.json, error, models) stays. 0 keeps
    /// them until deleted by hand.
    /// </summary>
    [Range(0, 3650)]
    public int FailedCheckpointDays { get; set; } = 7;

    /// <summary>
    /// Days of snapshots a publish keeps in the tables it replaces: snapshots older than the published one minus
    /// this many days (minus one) are deleted in the same transaction, with their rejected_events rows of the same
    /// pipeline; job_runs and model_metrics keep their history. 0 (default) keeps every snapshot.
    /// </summary>
    [Range(0, 36500)]
    public int KeepSnapshotDays { get; set; }

    /// <summary>
    /// The most memory (working set, GB) a run may take: a watchdog samples the process while stages run and fails
    /// the run with one line naming the stage, its RSS and this limit before the system kills the process; DuckDB
    /// connections get a quarter of it, at most 512 MB. Unset (default): 90 % of the memory the process can use (RAM, or its
    /// container's limit), so a run fails with that line instead of being OOM-killed. 0 turns the watchdog off.
    /// </summary>
    [Range(0, 1_000_000)]
    public double? MemoryLimitGb { get; set; }

    /// <summary>The memory limit in bytes (see <see cref="MemoryLimitGb"/>); null when the watchdog is off.</summary>
    public long? MemoryLimitBytes(long availableBytes) => MemoryLimitGb switch
    {
        null => availableBytes > 0 ? (long)(availableBytes * 0.9) : null,
        0 => null,
        { } gb => (long)(gb * 1024 * 1024 * 1024),
    };

    /// <summary>
    /// DuckDB's memory_limit for the run's connections (warehouse, checkpoints): a quarter of the memory limit, between
    /// 256 MB and <see cref="DuckDbMemoryCapBytes"/>; null when the watchdog is off (DuckDB's default, 80 % of RAM).
    /// </summary>
    public long? DuckDbMemoryLimitBytes(long availableBytes) =>
        MemoryLimitBytes(availableBytes) is { } limit ? Math.Clamp(limit / 4, 256L << 20, DuckDbMemoryCapBytes) : null;

    /// <summary>
    /// The most DuckDB gets: a publish appends row groups that DuckDB writes to the file as they fill, so more buffer
    /// only caches what was written, while the run's tables are still in memory (at 10M events a quarter of the
    /// default limit let DuckDB add ~1.8 GB to the run's peak during the publish; at 2M events 512 MB took the peak
    /// from 1.65 to 1.42 GB with the same tables). What does not fit spills to DuckDB's temp folder.
    /// </summary>
    public const long DuckDbMemoryCapBytes = 512L << 20;
}
