namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// manifest.json of one checkpoint: which run and stage it belongs to and what the stage added or replaced in the
/// working store, file by file. It is written last, inside the temporary folder, so a folder with a manifest under its
/// final name is complete; a fresh process learns from it what earlier checkpoints hold.
/// </summary>
internal sealed record CheckpointManifest
{
    public int Format { get; init; }

    public required string Stage { get; init; }

    public required string RunId { get; init; }

    /// <summary>The snapshot date when the stage resolved it (ingest), else null.</summary>
    public DateOnly? SnapshotDate { get; init; }

    public DateTimeOffset SavedAt { get; init; }

    public required IReadOnlyList<CheckpointEntry> Entries { get; init; }
}
