using System.Buffers.Binary;
using System.Numerics;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// MovieLens ratings as rating events (value = the rating, no categories), in any of the three layouts:
/// u.data (tab: user item rating unix_ts), ratings.dat (user::movie::rating::unix_ts) and
/// ratings.csv (header userId,movieId,rating,timestamp).
/// </summary>
internal sealed class MovieLensFormat : LineFormat
{
    /// <summary>Exact powers of ten for the fraction digits of <see cref="TryParseSimple"/> (at most 14).</summary>
    private static readonly double[] Pow10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private readonly byte[] _separator;
    private readonly bool _header;
    private Range[] _ranges = new Range[4];
    private int _user;
    private int _item = 1;
    private int _rating = 2;
    private int _ts = 3;

    private MovieLensFormat(byte[] separator, bool header)
    {
        _separator = separator;
        _header = header;
    }

    public override string Name => "movielens";

    public override bool HasHeader => _header;

    /// <summary>Picks the layout from the file name, else from the first line (<paramref name="firstLine"/>).</summary>
    public static Func<LineFormat> ForFile(string path, ReadOnlySpan<byte> firstLine)
    {
        var name = Path.GetFileName(path);
        var layout = name.EndsWith(".data", StringComparison.OrdinalIgnoreCase) ? "tab"
            : name.EndsWith(".dat", StringComparison.OrdinalIgnoreCase) ? "dat"
            : name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv"
            : firstLine.IndexOf("::"u8) >= 0 ? "dat"
            : firstLine.IndexOf((byte)'\t') >= 0 ? "tab"
            : "csv";
        return layout switch
        {
            "tab" => () => new MovieLensFormat([(byte)'\t'], header: false),
            "dat" => () => new MovieLensFormat("::"u8.ToArray(), header: false),
            _ => () => new MovieLensFormat([(byte)','], header: true),
        };
    }

    public override void ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        var columns = new HeaderColumns(header, path, Name);
        _user = columns.Require("userId");
        _item = columns.Require("movieId");
        _rating = columns.Require("rating");
        _ts = columns.Require("timestamp");
        _ranges = new Range[columns.Count];
    }

    public override void Parse(ReadOnlySpan<byte> line, long lineNumber, long offset, EventBatch batch)
    {
        var problem = TryParseFields(line, out var user, out var item, out var ts, out var rating);
        if (problem is not null)
        {
            batch.Reject(line, lineNumber, problem);
            return;
        }

        batch.Accept(line, lineNumber, offset, user, item, default, EventType.Rating, ts, rating);
    }

    /// <summary>
    /// The fields of one line: the trimmed user and item ids (slices of <paramref name="line"/>), the time in unix ms
    /// and the rating; returns null, or the reject reason of the line. <see cref="Parse"/> and the compact rating
    /// reader of `evaluate mf` both read lines here, so they accept and reject the same lines.
    /// </summary>
    internal string? TryParseFields(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> item, out long ts, out double rating)
    {
        user = default;
        item = default;
        rating = double.NaN;
        var count = Split(line);
        if (count != _ranges.Length)
        {
            ts = 0;
            return RejectReasons.FieldCount(_ranges.Length, count);
        }

        if (!TimestampParser.TryParseUnixSeconds(FieldSplitter.Trim(line[_ranges[_ts]]), out ts))
        {
            return RejectReasons.UnparsableTimestamp;
        }

        var problem = ValueParser.TryParse(line[_ranges[_rating]], out rating);
        if (problem is not null)
        {
            return problem;
        }

        user = FieldSplitter.Trim(line[_ranges[_user]]);
        item = FieldSplitter.Trim(line[_ranges[_item]]);
        return null;
    }

    /// <summary>
    /// The usual shape of a line read in one scan, with no splitting and no trimming: exactly the format's fields,
    /// ids of ASCII digits, the time of 1 to 12 digits and the rating of 1 to 15 digits with at most one '.' between
    /// two of them. Returns false for any other line (read it with <see cref="TryParseFields"/>); a line it takes is
    /// one TryParseFields accepts, with the same ids, time and rating: the digits of the rating as an integer below
    /// 2^53 divided by an exact power of ten is the correctly rounded double that the general parser also returns.
    /// </summary>
    internal bool TryParseSimple(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> item, out long ts, out double rating)
    {
        user = default;
        item = default;
        ts = 0;
        rating = 0;
        if (_ranges.Length != 4)
        {
            return false;
        }

        var (first, second) = (_separator[0], _separator[^1]);
        var pos = 0;
        for (var field = 0; field < 4; field++)
        {
            var end = pos + DigitRun(line, pos);
            if (end == pos)
            {
                return false;
            }

            var point = -1;
            if (field == _rating && end < line.Length && line[end] == (byte)'.')
            {
                point = end;
                var fraction = DigitRun(line, end + 1);
                if (fraction == 0)
                {
                    return false;
                }

                end += 1 + fraction;
            }

            if (field < 3)
            {
                // The separator must follow (both bytes of "::"); any other byte is for the general parser.
                if (end + _separator.Length > line.Length || line[end] != first || line[end + _separator.Length - 1] != second)
                {
                    return false;
                }
            }
            else if (end != line.Length)
            {
                return false;
            }

            if (field == _ts)
            {
                if (end - pos > 12)
                {
                    return false;
                }

                ts = Digits(line[pos..end]) * 1000;
            }
            else if (field == _rating)
            {
                if (end - pos > (point < 0 ? 15 : 16))
                {
                    return false;
                }

                rating = point < 0
                    ? Digits(line[pos..end])
                    : ((Digits(line[pos..point]) * Pow10[end - point - 1]) + Digits(line[(point + 1)..end])) / Pow10[end - point - 1];
            }
            else if (field == _user)
            {
                user = line[pos..end];
            }
            else
            {
                item = line[pos..end];
            }

            pos = end + _separator.Length;
        }

        return true;
    }

    /// <summary>
    /// How many ASCII digits start at <paramref name="pos"/>, 8 bytes at a time: a byte is a digit when its high nibble
    /// is 3 and its low one plus 6 stays below 16; the first byte that is not sets the lowest bits of the word.
    /// </summary>
    private static int DigitRun(ReadOnlySpan<byte> s, int pos)
    {
        var start = pos;
        while (pos + 8 <= s.Length)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(s[pos..]);
            var other = ((word & 0xF0F0F0F0F0F0F0F0UL) ^ 0x3030303030303030UL) | (((word & 0x0F0F0F0F0F0F0F0FUL) + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL);
            if (other != 0)
            {
                return pos - start + (BitOperations.TrailingZeroCount(other) >> 3);
            }

            pos += 8;
        }

        while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
        {
            pos++;
        }

        return pos - start;
    }

    /// <summary>The value of a run of ASCII digits (at most 18).</summary>
    private static long Digits(ReadOnlySpan<byte> digits)
    {
        var value = 0L;
        foreach (var d in digits)
        {
            value = (value * 10) + (d - '0');
        }

        return value;
    }

    /// <summary>Only the time of a line (unix ms): false when <see cref="TryParseFields"/> would reject the line for its field count or time.</summary>
    internal bool TryParseTime(ReadOnlySpan<byte> line, out long ts)
    {
        ts = 0;
        return Split(line) == _ranges.Length && TimestampParser.TryParseUnixSeconds(FieldSplitter.Trim(line[_ranges[_ts]]), out ts);
    }

    private int Split(ReadOnlySpan<byte> line) => _separator.Length == 1
        ? FieldSplitter.Split(line, _separator[0], _ranges)
        : FieldSplitter.Split(line, _separator, _ranges);
}
