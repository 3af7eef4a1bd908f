using System.Text.Json;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// What a working store held when it was last saved or restored: references, counts and item versions, so the next
/// checkpoint writes only what the stage added or replaced. Nothing is copied but references (and the few bytes of
/// the ingest summary, which is mutable).
/// </summary>
internal sealed class CheckpointBaseline
{
    private CheckpointBaseline()
    {
    }

    /// <summary>A store nothing was saved from: the next checkpoint holds everything.</summary>
    public static CheckpointBaseline Empty { get; } = new();

    public DateOnly? SnapshotDate { get; private init; }

    public EventTable? Events { get; private init; }

    public int EventCount { get; private init; }

    public IngestSummary? Ingest { get; private init; }

    public string? IngestFingerprint { get; private init; }

    public RejectedEvent[] Rejected { get; private init; } = [];

    public ModelMetric[] Metrics { get; private init; } = [];

    public string[] Notes { get; private init; } = [];

    public IReadOnlyDictionary<string, OutputTable> Outputs { get; private init; } = new Dictionary<string, OutputTable>();

    public IReadOnlyDictionary<string, int> Versions { get; private init; } = new Dictionary<string, int>();

    public static CheckpointBaseline Capture(StageContext context)
    {
        var data = context.Data;
        return new CheckpointBaseline
        {
            SnapshotDate = context.HasSnapshotDate ? context.SnapshotDate : null,
            Events = data.Events,
            EventCount = data.Events?.Count ?? 0,
            Ingest = data.Ingest,
            IngestFingerprint = data.Ingest is null ? null : FingerprintOf(data.Ingest),
            Rejected = [.. data.Rejected],
            Metrics = [.. data.Metrics],
            Notes = [.. data.Notes],
            Outputs = data.Outputs.ToDictionary(t => t.Name, StringComparer.Ordinal),
            Versions = data.Artifacts.ToDictionary(k => k.Name, data.VersionOf, StringComparer.Ordinal),
        };
    }

    /// <summary>The ingest summary as JSON: it is mutable, so a change is found by comparing its contents.</summary>
    public static string FingerprintOf(IngestSummary summary) => JsonSerializer.Serialize(summary);

    /// <summary>
    /// Where a list's new tail starts: its old length when only rows were appended; the first row that is no longer
    /// the same object when earlier rows were replaced or removed. Null when the list is unchanged.
    /// </summary>
    public static int? TailStart<T>(T[] before, IReadOnlyList<T> now)
        where T : class
    {
        var common = 0;
        var limit = Math.Min(before.Length, now.Count);
        while (common < limit && ReferenceEquals(before[common], now[common]))
        {
            common++;
        }

        return common == before.Length && now.Count == before.Length ? null : common;
    }
}
