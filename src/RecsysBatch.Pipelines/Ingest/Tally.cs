using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Sums up the batches of one source as they are appended, in file order, and checks the source at the end.</summary>
internal sealed class Tally(string sourceName)
{
    private readonly List<LocalReject> _duplicates = [];
    private readonly List<RejectedEvent> _rejects = [];
    private long _dataLines;
    private long _valid;
    private long _afterSnapshot;
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

        writer.Append(batch, rawOf, _duplicates);
    }

    public SourceResult Finish(IngestSource source, IReadOnlyList<RejectedEvent> otherRejects)
    {
        if (_dataLines == 0)
        {
            throw new RecsysException($"{source.File}: no data lines (the {source.Spec.Format} source is empty).");
        }

        if (_duplicates.Count > 0)
        {
            _rejects.AddRange(_duplicates.Select(r => new RejectedEvent(sourceName, r.Line, r.Raw, r.Reason)));
            _rejects.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        }

        var summary = SourceReport.Summarize(sourceName, _dataLines, _rejects);
        if (_valid == 0)
        {
            SourceReport.ThrowIfNoValidLine(source.File, source.Spec.Format, summary, _rejects);
        }

        return new SourceResult(summary, _rejects, otherRejects, _afterSnapshot, _newest == long.MinValue ? null : _newest);
    }
}
