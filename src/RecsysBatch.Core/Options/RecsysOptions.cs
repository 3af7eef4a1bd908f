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
}
