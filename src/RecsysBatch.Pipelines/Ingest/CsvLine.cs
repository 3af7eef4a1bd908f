namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Splits one CSV line (comma separated, RFC 4180 quotes with "" escapes). Lines without a quote are split in
/// place; a quoted line is unescaped into a scratch buffer, so fields are read through <see cref="Field"/>.
/// A quote is special only at the start of a field; anywhere else (inside an unquoted field, or between a
/// closing quote and the next comma) it is not RFC 4180, and the line is malformed.
/// One instance per parsing thread: it owns the scratch buffer.
/// </summary>
internal sealed class CsvLine
{
    /// <summary><see cref="Split"/>: a quoted field is still open at the end of the line.</summary>
    public const int Unterminated = -1;

    /// <summary><see cref="Split"/>: a quote outside a quoted field.</summary>
    public const int StrayQuote = -2;

    private readonly Range[] _fields;
    private byte[] _scratch = new byte[256];
    private bool _inScratch;

    public CsvLine(int maxFields)
    {
        _fields = new Range[maxFields];
    }

    /// <summary>Splits <paramref name="line"/>; returns the field count, or <see cref="Unterminated"/> or <see cref="StrayQuote"/>.</summary>
    public int Split(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf((byte)'"') < 0)
        {
            _inScratch = false;
            return FieldSplitter.Split(line, (byte)',', _fields);
        }

        _inScratch = true;
        return SplitQuoted(line);
    }

    public ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index) =>
        _inScratch ? _scratch.AsSpan()[_fields[index]] : line[_fields[index]];

    /// <summary>
    /// For a line that continues a quoted field opened on an earlier line: whether a quoted field is still open
    /// at its end (the record goes on), with the same rule as <see cref="Split"/> for where quotes open.
    /// </summary>
    public static bool EndsInsideQuotes(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (true)
        {
            var quote = line[i..].IndexOf((byte)'"');
            if (quote < 0)
            {
                return true;
            }

            i += quote + 1;
            if (i < line.Length && line[i] == (byte)'"')
            {
                i++;
                continue;
            }

            // Closed: the record ends on this line unless a later field opens a quote again.
            while (true)
            {
                var comma = line[i..].IndexOf((byte)',');
                if (comma < 0)
                {
                    return false;
                }

                i += comma + 1;
                if (i < line.Length && line[i] == (byte)'"')
                {
                    i++;
                    break;
                }
            }
        }
    }

    private int SplitQuoted(ReadOnlySpan<byte> line)
    {
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)];
        }

        var count = 0;
        var w = 0;
        var i = 0;
        var stray = false;
        while (true)
        {
            var start = w;
            if (i < line.Length && line[i] == (byte)'"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return Unterminated;
                    }

                    if (line[i] == (byte)'"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == (byte)'"')
                        {
                            _scratch[w++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        // Text between the closing quote and the comma is not RFC 4180.
                        stray |= i < line.Length && line[i] != (byte)',';
                        break;
                    }

                    _scratch[w++] = line[i++];
                }
            }

            while (i < line.Length && line[i] != (byte)',')
            {
                stray |= line[i] == (byte)'"';
                _scratch[w++] = line[i++];
            }

            if (count < _fields.Length)
            {
                _fields[count] = new Range(start, w);
            }

            count++;
            if (i >= line.Length)
            {
                return stray ? StrayQuote : count;
            }

            i++;
        }
    }
}
