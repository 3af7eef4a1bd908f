namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Splits a line into field ranges. Each method fills at most <c>fields.Length</c> ranges but returns the
/// full field count, so a caller can report "expected 5 fields, got 7" without a second pass.
/// </summary>
internal static class FieldSplitter
{
    public static int Split(ReadOnlySpan<byte> line, byte separator, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var at = line[start..].IndexOf(separator);
            var end = at < 0 ? line.Length : start + at;
            if (count < fields.Length)
            {
                fields[count] = new Range(start, end);
            }

            count++;
            if (at < 0)
            {
                return count;
            }

            start = end + 1;
        }
    }

    public static int Split(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var at = line[start..].IndexOf(separator);
            var end = at < 0 ? line.Length : start + at;
            if (count < fields.Length)
            {
                fields[count] = new Range(start, end);
            }

            count++;
            if (at < 0)
            {
                return count;
            }

            start = end + separator.Length;
        }
    }

    /// <summary>Fields separated by runs of spaces or tabs; leading and trailing blanks are ignored.</summary>
    public static int SplitBlanks(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsBlank(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                return count;
            }

            var start = i;
            while (i < line.Length && !IsBlank(line[i]))
            {
                i++;
            }

            if (count < fields.Length)
            {
                fields[count] = new Range(start, i);
            }

            count++;
        }
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field)
    {
        var start = 0;
        var end = field.Length;
        while (start < end && IsBlank(field[start]))
        {
            start++;
        }

        while (end > start && IsBlank(field[end - 1]))
        {
            end--;
        }

        return field[start..end];
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';
}
