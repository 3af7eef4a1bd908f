using System.Text;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// MovieLens movie titles from movies.csv beside the ratings file (header movieId,title,genres as in
/// ml-latest-small and ml-25m; RFC 4180 quotes, so titles may hold commas). No movies.csv: no titles. A line
/// that is not a CSV record of the header's width fails the run with the file and line: titles are a small
/// reference file, and a broken one is better fixed than half read. A movieId given twice keeps its first title.
/// </summary>
internal static class MovieLensTitles
{
    public const string FileName = "movies.csv";

    /// <summary>A movies.csv larger than this is not read whole (ml-25m's is about 3 MB).</summary>
    private const long MaxBytes = 256L << 20;

    /// <summary>The movies.csv beside <paramref name="ratingsPath"/>, null when there is none.</summary>
    public static string? Beside(string ratingsPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ratingsPath)) ?? ".", FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Title by movieId (ids trimmed, as ratings give them); movies with an empty title are left out.</summary>
    public static Dictionary<string, string> Read(string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new RecsysException($"{path}: {length:N0} bytes is more than movie titles are read from ({MaxBytes:N0}).");
        }

        var bytes = File.ReadAllBytes(path);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        CsvLine? csv = null;
        int id = 0, title = 0, fields = 0;
        long lineNumber = 0;
        while (position < bytes.Length)
        {
            var end = bytes.AsSpan(position).IndexOf((byte)'\n');
            var next = end < 0 ? bytes.Length : position + end + 1;
            var line = bytes.AsSpan(position, next - position).TrimEnd("\r\n"u8);
            position = next;
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            if (csv is null)
            {
                var columns = new HeaderColumns(line, path, "movielens movies");
                id = columns.Require("movieId");
                title = columns.Require("title");
                fields = columns.Count;
                csv = new CsvLine(fields);
                continue;
            }

            if (lineNumber % 65536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var count = csv.Split(line);
            if (count != fields)
            {
                var reason = count switch
                {
                    CsvLine.Unterminated => RejectReasons.QuoteSpansLines,
                    CsvLine.StrayQuote => RejectReasons.StrayQuote,
                    _ => RejectReasons.FieldCount(fields, count),
                };
                throw new RecsysException(
                    $"{path}: line {lineNumber}: {reason}: \"{InputText.Escape(line, line.Length, 120, _ => "...")}\" (fix or remove the file; ratings need no titles).");
            }

            var movie = FieldSplitter.Trim(csv.Field(line, id));
            if (!movie.IsEmpty && ItemTitleText.Clean(csv.Field(line, title)) is { } text)
            {
                titles.TryAdd(Encoding.UTF8.GetString(movie), text);
            }
        }

        return titles;
    }
}
