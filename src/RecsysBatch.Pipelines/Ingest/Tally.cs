using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Sums up the batches of one source as they are appended, in file order.</summary>
/// <param name="sourceName">FORMAT:PATH, the Source of the rejects.</param>
/// <param name="duplicatesAsRejected">Reject exact duplicates (old behaviour) instead of only counting them.</param>
internal sealed class Tally(string sourceName, bool duplicatesAsRejected)
{
    private readonly List<LocalReject> _duplicates = [];
    private readonly List<RejectedEvent> _rejects = [];
    private long _dataLines;
    private long _valid;
    private long _afterSnapshot;
    private long _duplicateCount;
    private long _newest = long.MinValue;

    public void Add(EventBatch batch, EventTableWriter writer, Func<EventBatch, int, string> rawOf)
    {
        _dataLines += batch.DataLines;
        _valid += batch.Count + batch.AfterSnapshot;
        _afterSnapshot += batch.AfterSnapshot;
        _newest = Math.Max(_newest, batch.NewestMs);
        foreach (var r in batch.Rejects)
        {
            _rejects.Add(new RejectedEvent(sourceName, batch.LineBase + r.Line, r.Raw, r.Reason));
        }

        // Dropped duplicates are only counted: reading their raw text again would cost for nothing.
        _duplicateCount += writer.Append(batch, duplicatesAsRejected ? rawOf : null, _duplicates);
    }

    /// <summary>The source's result; <see cref="SourceReport.ThrowIfUnusable"/> checks it once the run has recorded it.</summary>
    public SourceResult Finish(IReadOnlyList<RejectedEvent> otherRejects)
    {
        if (_duplicates.Count > 0)
        {
            _rejects.AddRange(_duplicates.Select(r => new RejectedEvent(sourceName, r.Line, r.Raw, r.Reason)));
            _rejects.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        }

        var summary = SourceReport.Summarize(sourceName, _dataLines, _rejects);
        summary.DuplicatesDropped = duplicatesAsRejected ? 0 : _duplicateCount;
        return new SourceResult(summary, _rejects, otherRejects, _afterSnapshot, _newest == long.MinValue ? null : _newest, _valid);
    }
}
