using RecsysBatch.Core;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Reads one source (any format), appends its events to the run's table and reports its rejects.</summary>
internal sealed class SourceIngest(EventTableWriter writer, IngestLimits limits, int parallelism, ProgressCounter progress)
{
    /// <summary>Bytes per parsed chunk of a text file. Tests make it tiny to show that chunking changes nothing.</summary>
    public long ChunkBytes { get; init; } = TextSourceReader.DefaultChunkBytes;

    /// <summary>Reject exact duplicate lines ("duplicate event") instead of dropping and counting them.</summary>
    public bool DuplicatesAsRejected { get; init; }

    /// <summary>
    /// Item titles by original item id from the sources read so far (online-retail Description, MovieLens movies.csv);
    /// when two sources title the same id, the first source's title stays.
    /// </summary>
    public Dictionary<string, string> Titles { get; } = new(StringComparer.Ordinal);

    public async Task<SourceResult> ReadAsync(IngestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tally = new Tally(source.Name, DuplicatesAsRejected);
        if (source.IsParquet)
        {
            var batch = await Task.Run(() => ParquetSourceReader.Read(source.File, limits, progress, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            writer.Reserve(batch.Count);
            tally.Add(batch, writer, ParquetSourceReader.RawOf);
            return tally.Finish([]);
        }

        var otherRejects = new List<RejectedEvent>();
        var createFormat = await Task.Run(() => FormatOf(source, otherRejects, cancellationToken), cancellationToken).ConfigureAwait(false);
        using var file = File.OpenHandle(source.File, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        writer.Reserve((long)(length * TextSourceReader.SampleLinesPerByte(file, 0, length) * 1.02) + 16);
        await TextSourceReader.ReadAsync(
            file, source.File, createFormat, limits, ChunkBytes, parallelism, progress,
            batch => tally.Add(batch, writer, (b, e) => BlockLineReader.ReadRawLine(file, b.RawRef[e])),
            cancellationToken).ConfigureAwait(false);
        return tally.Finish(otherRejects);
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
            case OnlineRetailFormat.FormatName:
                var returns = OnlineRetailReturns.Read(source.File, cancellationToken);
                AddTitles(returns.Titles);
                return () => new OnlineRetailFormat(returns);
            case "movielens":
                if (MovieLensTitles.Beside(source.File) is { } movies)
                {
                    AddTitles(MovieLensTitles.Read(movies, cancellationToken));
                }

                using (var file = File.OpenHandle(source.File))
                {
                    var first = BlockLineReader.ReadLineAt(file, BlockLineReader.DataStart(file), RandomAccess.GetLength(file), out _);
                    return MovieLensFormat.ForFile(source.File, first);
                }

            case "retailrocket":
                var categories = source.PropertyFiles.Count == 0
                    ? null
                    : ItemCategories.Read(source.PropertyFiles, otherRejects, limits.MaxIdBytes, progress, cancellationToken);
                return () => new RetailRocketFormat(categories);
            default:
                throw new RecsysException($"Source '{source.Name}': unknown format '{source.Spec.Format}'.");
        }
    }

    private void AddTitles(IReadOnlyDictionary<string, string> titles)
    {
        foreach (var (id, title) in titles)
        {
            Titles.TryAdd(id, title);
        }
    }
}
