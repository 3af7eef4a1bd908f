using Microsoft.Win32.SafeHandles;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Reads a byte range of a file in large blocks and hands out its lines as spans: no per-line allocation,
/// no decoding. Lines end at '\n' (a '\r' before it is dropped); the last line may lack the break.
/// Blank lines are counted for line numbers but not handed out.
/// </summary>
internal static class BlockLineReader
{
    public const int BlockSize = 1 << 20;

    /// <summary>Reads [<paramref name="start"/>, <paramref name="end"/>), which must begin at a line start; returns the number of lines.</summary>
    public static long ReadLines(
        SafeFileHandle file, long start, long end, ILineHandler handler, ProgressCounter? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(BlockSize, Math.Max(end - start, 16))];
        var position = start;
        var carry = 0;
        long lines = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (carry == buffer.Length)
            {
                // One line longer than the buffer: grow rather than cut it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var want = (int)Math.Min(buffer.Length - carry, end - position);
            var read = want == 0 ? 0 : RandomAccess.Read(file, buffer.AsSpan(carry, want), position);
            if (want > 0 && read == 0)
            {
                throw new IOException($"The file ended early at byte {position} (it changed while being read).");
            }

            position += read;
            progress?.Add(read);
            var filled = carry + read;
            var blockOffset = position - filled;
            var atEnd = position >= end;
            var span = buffer.AsSpan(0, filled);
            var lineStart = 0;
            while (true)
            {
                var at = span[lineStart..].IndexOf((byte)'\n');
                if (at < 0)
                {
                    break;
                }

                lines++;
                Emit(span.Slice(lineStart, at), lines, blockOffset + lineStart, handler);
                lineStart += at + 1;
            }

            if (atEnd)
            {
                if (lineStart < filled)
                {
                    lines++;
                    Emit(span[lineStart..], lines, blockOffset + lineStart, handler);
                }

                return lines;
            }

            carry = filled - lineStart;
            span[lineStart..].CopyTo(buffer);
        }
    }

    /// <summary>Offset of the first byte after a UTF-8 byte order mark (0 when there is none).</summary>
    public static long DataStart(SafeFileHandle file)
    {
        Span<byte> bom = stackalloc byte[3];
        var read = RandomAccess.Read(file, bom, 0);
        return read == 3 && bom.SequenceEqual("\uFEFF"u8) ? 3 : 0;
    }

    /// <summary>The first line at <paramref name="start"/> without its break; <paramref name="next"/> is where the next line starts.</summary>
    public static byte[] ReadLineAt(SafeFileHandle file, long start, long end, out long next)
    {
        next = NextLineStart(file, start, end);
        var line = new byte[(int)Math.Min(next - start, 1 << 24)];
        var read = RandomAccess.Read(file, line, start);
        var span = line.AsSpan(0, read).TrimEnd("\r\n"u8);
        return span.ToArray();
    }

    /// <summary>The raw text of the line at <paramref name="offset"/> (for a reject found after parsing, e.g. a duplicate).</summary>
    public static string ReadRawLine(SafeFileHandle file, long offset)
    {
        Span<byte> bytes = stackalloc byte[4096];
        var read = RandomAccess.Read(file, bytes, offset);
        var line = bytes[..read];
        var end = line.IndexOf((byte)'\n');
        if (end < 0 && read == bytes.Length)
        {
            // Longer than the probe: the cut mark must still give the line's real length.
            var next = NextLineStart(file, offset, RandomAccess.GetLength(file));
            return RejectReasons.Raw(line, next - offset - LineBreakBytes(file, next, offset));
        }

        line = end >= 0 ? line[..end] : line;
        return RejectReasons.Raw(line.TrimEnd((byte)'\r'));
    }

    /// <summary>How many of the bytes before <paramref name="next"/> are the line break ("\n" or "\r\n"), 0 at the file end.</summary>
    private static int LineBreakBytes(SafeFileHandle file, long next, long lineStart)
    {
        Span<byte> tail = stackalloc byte[2];
        var from = Math.Max(lineStart, next - 2);
        var read = RandomAccess.Read(file, tail[..(int)(next - from)], from);
        var end = tail[..read];
        return end.EndsWith("\r\n"u8) ? 2 : end.EndsWith("\n"u8) ? 1 : 0;
    }

    /// <summary>The offset just after the first '\n' at or after <paramref name="from"/>, or the file end.</summary>
    public static long NextLineStart(SafeFileHandle file, long from, long end)
    {
        Span<byte> probe = stackalloc byte[4096];
        while (from < end)
        {
            var read = RandomAccess.Read(file, probe[..(int)Math.Min(probe.Length, end - from)], from);
            if (read == 0)
            {
                break;
            }

            var at = probe[..read].IndexOf((byte)'\n');
            if (at >= 0)
            {
                return from + at + 1;
            }

            from += read;
        }

        return end;
    }

    private static void Emit(ReadOnlySpan<byte> line, long lineNumber, long offset, ILineHandler handler)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!line.IsEmpty)
        {
            handler.OnLine(line, lineNumber, offset);
        }
    }
}
