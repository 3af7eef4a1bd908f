namespace RecsysBatch.Core.Stages;

/// <summary>What ingest read: per source, lines read, events kept and lines rejected by reason.</summary>
public sealed class IngestSummary
{
    public List<SourceSummary> Sources { get; } = [];

    public long InputRows => Sources.Sum(s => s.InputRows);

    public long RejectedRows => Sources.Sum(s => s.RejectedRows);

    /// <summary>Exact duplicate lines dropped over all sources (not counted as rejected).</summary>
    public long DuplicatesDropped => Sources.Sum(s => s.DuplicatesDropped);

    /// <summary>Valid events at or after the snapshot date: kept out of this run by the time discipline, not rejected.</summary>
    public long AfterSnapshot { get; set; }

    /// <summary>Events in the working store (valid, deduplicated, before the snapshot).</summary>
    public long Events { get; set; }

    /// <summary>Newest valid event of all sources (UTC unix ms), which sets the default snapshot.</summary>
    public long? NewestEventMs { get; set; }
}
