using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Reads one source (any format) and appends its events to the run's table; reports its rejects.</summary>
internal sealed class SourceIngest(EventTableWriter writer, IngestLimits limits, int parallelism, ProgressCounter progress)
{
    /// <summary>Chunks per text file; 0 picks by file size. Tests set it to show chunking changes nothing.</summary>
    public int Chunks { get; init; }

    public async Task<SourceResult> ReadAsync(IngestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsParquet)
        {
            var batch = await Task.Run(() => ParquetSourceReader.Read(source.File, limits, progress, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            return Finish(source, [batch], ParquetSourceReader.RawOf, []);
        }

        var otherRejects = new List<RejectedEvent>();
        var createFormat = await Task.Run(() => FormatOf(source, otherRejects, cancellationToken), cancellationToken).ConfigureAwait(false);
        using var file = File.OpenHandle(source.File, FileMode.Open, FileAccess.Read, FileShare.Read);
        var chunks = Chunks > 0 ? Chunks : TextSourceReader.ChunkCount(RandomAccess.GetLength(file), parallelism);
        var tmpClock = System.Diagnostics.Stopwatch.StartNew();
        var batches = await TextSourceReader.ReadAsync(file, source.File, createFormat, limits, chunks, parallelism, progress, cancellationToken)
            .ConfigureAwait(false);
        Console.Error.WriteLine($"TMP parse {tmpClock.Elapsed.TotalSeconds:F2}s chunks {chunks}");
        tmpClock.Restart();
        var tmpResult = Finish(source, batches, (b, e) => BlockLineReader.ReadRawLine(file, b.RawRef[e]), otherRejects);
        Console.Error.WriteLine($"TMP merge {tmpClock.Elapsed.TotalSeconds:F2}s");
        return tmpResult;
    }

    private SourceResult Finish(
        IngestSource source, IReadOnlyList<EventBatch> batches, Func<EventBatch, int, string> rawOf, List<RejectedEvent> otherRejects)
    {
        var dataLines = batches.Sum(b => b.DataLines);
        if (dataLines == 0)
        {
            throw new RecsysException($"{source.File}: no data lines (the {source.Spec.Format} source is empty).");
        }

        var rejects = batches
            .SelectMany(b => b.Rejects.Select(r => new RejectedEvent(source.Name, b.LineBase + r.Line, r.Raw, r.Reason)))
            .ToList();
        if (batches.All(b => b.Count == 0 && b.AfterSnapshot == 0))
        {
            var parsed = SourceReport.Summarize(source.Name, dataLines, rejects);
            SourceReport.ThrowIfNoValidLine(source.File, source.Spec.Format, parsed, rejects);
        }

        var duplicates = writer.Append(batches, rawOf);
        if (duplicates.Count > 0)
        {
            rejects.AddRange(duplicates.Select(r => new RejectedEvent(source.Name, r.Line, r.Raw, r.Reason)));
            rejects.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        }

        var newest = batches.Max(b => b.NewestMs);
        return new SourceResult(
            SourceReport.Summarize(source.Name, dataLines, rejects), rejects, otherRejects,
            batches.Sum(b => b.AfterSnapshot), newest == long.MinValue ? null : newest);
    }

    private Func<LineFormat> FormatOf(IngestSource source, List<RejectedEvent> otherRejects, CancellationToken cancellationToken)
    {
        switch (source.Spec.Format)
        {
            case "canonical":
                return () => new CanonicalCsvFormat();
            case "taobao":
                return () => new TaobaoFormat();
            case "cdnow":
                return () => new CdnowFormat();
            case "movielens":
                using (var file = File.OpenHandle(source.File))
                {
                    var first = BlockLineReader.ReadLineAt(file, BlockLineReader.DataStart(file), RandomAccess.GetLength(file), out _);
                    return MovieLensFormat.ForFile(source.File, first);
                }

            case "retailrocket":
                var categories = source.PropertyFiles.Count == 0
                    ? null
                    : ItemCategories.Read(source.PropertyFiles, otherRejects, progress, cancellationToken);
                return () => new RetailRocketFormat(categories);
            default:
                throw new RecsysException($"Source '{source.Name}': unknown format '{source.Spec.Format}'.");
        }
    }
}
