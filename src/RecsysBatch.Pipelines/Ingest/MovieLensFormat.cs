using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// MovieLens ratings as rating events (value = the rating, no categories), in any of the three layouts:
/// u.data (tab: user item rating unix_ts), ratings.dat (user::movie::rating::unix_ts) and
/// ratings.csv (header userId,movieId,rating,timestamp).
/// </summary>
internal sealed class MovieLensFormat : LineFormat
{
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
