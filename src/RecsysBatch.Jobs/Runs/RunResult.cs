namespace RecsysBatch.Jobs.Runs;

/// <summary>The outcome of a run, for the CLI summary and the jobs: what was read, rejected, written, and how long each stage took.</summary>
public sealed record RunResult
{
    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    public DateOnly? SnapshotDate { get; init; }

    public required string Status { get; init; }

    public string? Error { get; init; }

    public required string Warehouse { get; init; }

    public long InputRows { get; init; }

    public long RejectedRows { get; init; }

    /// <summary>Exact duplicate input lines ingest dropped (not rejected).</summary>
    public long DuplicatesDropped { get; init; }

    public long Events { get; init; }

    public long AfterSnapshot { get; init; }

    public IReadOnlyList<StageReport> Stages { get; init; } = [];

    /// <summary>Rows written per table at publish (empty when nothing was published).</summary>
    public IReadOnlyDictionary<string, long> TablesWritten { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> Notes { get; init; } = [];

    public TimeSpan Duration { get; init; }
}
