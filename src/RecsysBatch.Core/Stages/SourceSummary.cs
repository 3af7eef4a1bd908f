namespace RecsysBatch.Core.Stages;

/// <summary>Ingest figures of one source.</summary>
public sealed class SourceSummary
{
    public required string Source { get; init; }

    public long InputRows { get; set; }

    public long RejectedRows { get; set; }

    public Dictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
}
