using Microsoft.Win32.SafeHandles;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Parses a text source in chunks that split the file at line starts, in parallel; the batches come back in
/// file order with their line bases set, so merging them in order equals one sequential read.
/// </summary>
internal static class TextSourceReader
{
    /// <summary>Chunks smaller than this are not worth a thread of their own.</summary>
    internal const long MinChunkBytes = 8L << 20;

    /// <summary>How many chunks a file of <paramref name="bytes"/> gets: a few per core for load balance, none tiny.</summary>
    public static int ChunkCount(long bytes, int parallelism) =>
        (int)Math.Clamp(bytes / MinChunkBytes, 1, Math.Max(1, parallelism) * 3);

    public static async Task<IReadOnlyList<EventBatch>> ReadAsync(
        SafeFileHandle file, string path, Func<LineFormat> createFormat, IngestLimits limits, int chunks, int parallelism,
        ProgressCounter progress, CancellationToken cancellationToken)
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
        var bounds = Boundaries(file, start, length, chunks);
        var batches = new EventBatch[bounds.Count - 1];
        var linesPerByte = SampleLinesPerByte(file, start, length);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Length), options, (i, ct) =>
        {
            var chunkFormat = i == 0 ? format : createFormat();
            if (header is not null && i > 0)
            {
                chunkFormat.ReadHeader(header, path);
            }

            var bytes = bounds[i + 1] - bounds[i];
            var capacity = (int)Math.Min((bytes * linesPerByte * 1.05) + 64, Array.MaxLength);
            var batch = new EventBatch(limits, chunkFormat.HasItems, capacity);
            batch.Lines = BlockLineReader.ReadLines(file, bounds[i], bounds[i + 1], new ChunkLineHandler(chunkFormat, batch), progress, ct);
            batches[i] = batch;
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        long lineBase = header is null ? 0 : 1;
        foreach (var batch in batches)
        {
            batch.LineBase = lineBase;
            lineBase += batch.Lines;
        }

        return batches;
    }

    private static List<long> Boundaries(SafeFileHandle file, long start, long length, int chunks)
    {
        var bounds = new List<long> { start };
        for (var k = 1; k < chunks; k++)
        {
            var target = start + ((length - start) * k / chunks);
            var next = BlockLineReader.NextLineStart(file, Math.Max(target - 1, bounds[^1]), length);
            if (next > bounds[^1] && next < length)
            {
                bounds.Add(next);
            }
        }

        if (length > bounds[^1])
        {
            bounds.Add(length);
        }

        return bounds;
    }

    /// <summary>Lines per byte in the first 64 KiB, to size the chunk buffers once instead of growing them.</summary>
    private static double SampleLinesPerByte(SafeFileHandle file, long start, long length)
    {
        var sample = new byte[(int)Math.Min(1 << 16, Math.Max(0, length - start))];
        var read = sample.Length == 0 ? 0 : RandomAccess.Read(file, sample, start);
        var lines = sample.AsSpan(0, read).Count((byte)'\n');
        return read == 0 ? 0 : (lines + 1.0) / read;
    }
}
