using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>What reading one source gave: its summary and rejects (in line order), and the time figures.</summary>
/// <param name="Summary">Lines read, rejected by reason and duplicates dropped.</param>
/// <param name="Rejects">Rejected lines of the source file, in line order.</param>
/// <param name="OtherRejects">Rejected lines of helper files (RetailRocket item properties), which do not count for the source.</param>
/// <param name="AfterSnapshot">Valid events at or after a given snapshot (kept out, not rejected).</param>
/// <param name="NewestMs">Newest valid event time, null when there is none.</param>
/// <param name="ValidLines">Lines that were valid events (kept, duplicates or after the snapshot).</param>
internal sealed record SourceResult(
    SourceSummary Summary, IReadOnlyList<RejectedEvent> Rejects, IReadOnlyList<RejectedEvent> OtherRejects, long AfterSnapshot, long? NewestMs,
    long ValidLines);
