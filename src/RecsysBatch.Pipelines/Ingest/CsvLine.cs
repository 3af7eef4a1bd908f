namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// Splits one CSV line (comma separated, RFC 4180 quotes with "" escapes). Lines without a quote are split in
/// place; a quoted line is unescaped into a scratch buffer, so fields are read through <see cref="Field"/>.
/// One instance per parsing thread: it owns the scratch buffer.
/// </summary>
internal sealed class CsvLine
{
    private readonly Range[] _fields;
    private byte[] _scratch = new byte[256];
    private bool _inScratch;

    public CsvLine(int maxFields)
    {
        _fields = new Range[maxFields];
    }

    /// <summary>Splits <paramref name="line"/>; returns the field count, or -1 when a quote is not closed.</summary>
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

    private int SplitQuoted(ReadOnlySpan<byte> line)
    {
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)];
        }

        var count = 0;
        var w = 0;
        var i = 0;
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
                        return -1;
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
                        break;
                    }

                    _scratch[w++] = line[i++];
                }
            }

            // Text after a closing quote (or an unquoted field) runs to the next comma as is.
            while (i < line.Length && line[i] != (byte)',')
            {
                _scratch[w++] = line[i++];
            }

            if (count < _fields.Length)
            {
                _fields[count] = new Range(start, w);
            }

            count++;
            if (i >= line.Length)
            {
                return count;
            }

            i++;
        }
    }
}
