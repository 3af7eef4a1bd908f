namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Time bounds of a run's ingest, in UTC unix ms.</summary>
/// <param name="ValidFromMs">Inclusive start of plausible timestamps; earlier ones are rejected.</param>
/// <param name="ValidToMs">Exclusive end of plausible timestamps; later ones are rejected.</param>
/// <param name="CutoffMs">The snapshot cutoff: valid events at or after it are counted, not kept (long.MaxValue when the snapshot is not known yet).</param>
internal sealed record IngestLimits(long ValidFromMs, long ValidToMs, long CutoffMs);
