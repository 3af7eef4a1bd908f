namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Bounds of a run's ingest: time bounds in UTC unix ms, and the longest id.</summary>
/// <param name="ValidFromMs">Inclusive start of plausible timestamps; earlier ones are rejected.</param>
/// <param name="ValidToMs">Exclusive end of plausible timestamps; later ones are rejected.</param>
/// <param name="CutoffMs">The snapshot cutoff: valid events at or after it are counted, not kept (long.MaxValue when the snapshot is not known yet).</param>
internal sealed record IngestLimits(long ValidFromMs, long ValidToMs, long CutoffMs)
{
    /// <summary>The run's clock plus the tolerance: later events are rejected as future timestamps.</summary>
    public long FutureMs { get; init; } = long.MaxValue;

    /// <summary>Longest user, item or category id in UTF-8 bytes; longer ones are rejected.</summary>
    public int MaxIdBytes { get; init; } = IngestOptions.DefaultMaxIdBytes;
}
