namespace RecsysBatch.Core.Stages;

/// <summary>Ingest figures of one source.</summary>
public sealed class SourceSummary
{
    public required string Source { get; init; }

    public long InputRows { get; set; }

    public long RejectedRows { get; set; }

    /// <summary>Exact repeats of an earlier line (at-least-once delivery): dropped, counted here, not rejected.</summary>
    public long DuplicatesDropped { get; set; }

    public Dictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
}
