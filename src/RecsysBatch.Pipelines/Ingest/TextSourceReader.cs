using Microsoft.Win32.SafeHandles;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Parses a text source in chunks that split the file at line starts. Chunks are parsed in parallel a few
/// ahead, and handed to the consumer strictly in file order (with their line base set), which is what makes
/// the result equal to one sequential read. Batches are reused once consumed: fresh memory costs more than parsing.
/// A chunk is parsed as if it started outside quotes; when the chunk before it ends inside a quoted field (a CSV
/// record with a line break in quotes, only in malformed input), it is parsed again from that state in order.
/// </summary>
internal static class TextSourceReader
{
    /// <summary>Target chunk size: big enough that per-chunk id remapping stays small, small enough to pool.</summary>
    internal const long DefaultChunkBytes = 8L << 20;

    public static async Task ReadAsync(
        SafeFileHandle file, string path, Func<LineFormat> createFormat, IngestLimits limits, long chunkBytes, int parallelism,
        ProgressCounter progress, Action<EventBatch> consume, CancellationToken cancellationToken)
    {
        var length = RandomAccess.GetLength(file);
        var start = BlockLineReader.DataStart(file);
        var format = createFormat();
        byte[]? header = null;
        if (format.HasHeader)
        {
            header = BlockLineReader.ReadLineAt(file, start, length, out start);
            format.ReadHeader(header, path);
        }

        progress.Add(start);
        var bounds = Boundaries(file, start, length, Math.Max(1, chunkBytes));
        var linesPerByte = SampleLinesPerByte(file, start, length);
        var pool = new Stack<EventBatch>();
        var window = Math.Max(1, parallelism) + 1;
        var chunks = bounds.Count - 1;
        var inFlight = new Task<(EventBatch Batch, bool EndsInQuotedField)>[chunks];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(EventBatch Batch, bool EndsInQuotedField)> Start(int i)
        {
            EventBatch? reused;
            lock (pool)
            {
                pool.TryPop(out reused);
            }

            return Task.Run(
                () => ParseChunk(file, path, createFormat(), header, limits, (bounds[i], bounds[i + 1]), linesPerByte, reused, progress, false, stop.Token),
                stop.Token);
        }

        try
        {
            for (var i = 0; i < Math.Min(window, chunks); i++)
            {
                inFlight[i] = Start(i);
            }

            long lineBase = header is null ? 0 : 1;
            var inQuotedField = false;
            for (var i = 0; i < chunks; i++)
            {
                var (batch, endsInQuotedField) = await inFlight[i].ConfigureAwait(false);
                if (inQuotedField)
                {
                    // Its first lines continue the previous chunk's open record: parse it again knowing that (not counted as progress twice).
                    (batch, endsInQuotedField) = ParseChunk(
                        file, path, createFormat(), header, limits, (bounds[i], bounds[i + 1]), linesPerByte, batch, new ProgressCounter(), true, stop.Token);
                }

                inQuotedField = endsInQuotedField;
                batch.LineBase = lineBase;
                lineBase += batch.Lines;
                consume(batch);
                lock (pool)
                {
                    pool.Push(batch);
                }

                if (i + window < chunks)
                {
                    inFlight[i + window] = Start(i + window);
                }
            }
        }
        finally
        {
            // On failure, stop the chunks still parsing before the file handle goes away.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Where(t => t is not null).Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static (EventBatch Batch, bool EndsInQuotedField) ParseChunk(
        SafeFileHandle file, string path, LineFormat format, byte[]? header, IngestLimits limits, (long From, long To) range,
        double linesPerByte, EventBatch? reused, ProgressCounter progress, bool startsInQuotedField, CancellationToken cancellationToken)
    {
        var (from, to) = range;
        if (header is not null && format.HasHeader)
        {
            format.ReadHeader(header, path);
        }

        var batch = reused ?? new EventBatch(limits, format.HasItems, (int)Math.Min(((to - from) * linesPerByte * 1.05) + 64, Array.MaxLength));
        batch.Reset();
        format.InQuotedField = startsInQuotedField;
        batch.Lines = BlockLineReader.ReadLines(file, from, to, new ChunkLineHandler(format, batch), progress, cancellationToken);
        return (batch, format.InQuotedField);
    }

    private static List<long> Boundaries(SafeFileHandle file, long start, long length, long chunkBytes)
    {
        var bounds = new List<long> { start };
        while (length - bounds[^1] > chunkBytes + (chunkBytes / 4))
        {
            var next = BlockLineReader.NextLineStart(file, bounds[^1] + chunkBytes - 1, length);
            if (next >= length)
            {
                break;
            }

            bounds.Add(next);
        }

        if (length > bounds[^1])
        {
            bounds.Add(length);
        }

        return bounds;
    }

    /// <summary>Lines per byte in the first 64 KiB, to size buffers once instead of growing them.</summary>
    internal static double SampleLinesPerByte(SafeFileHandle file, long start, long length)
    {
        var sample = new byte[(int)Math.Min(1 << 16, Math.Max(0, length - start))];
        var read = sample.Length == 0 ? 0 : RandomAccess.Read(file, sample, start);
        var lines = sample.AsSpan(0, read).Count((byte)'\n');
        return read == 0 ? 0 : (lines + 1.0) / read;
    }
}
