using System.Globalization;
using System.Text;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// A failed run publishes nothing, so its quarantined lines would be lost with it: they are kept for diagnosis in
/// its artefacts folder as rejected_events.csv (source, line_number, reason, raw; RFC 4180 quoting, UTF-8).
/// </summary>
internal static class RejectedLinesFile
{
    public const string FileName = "rejected_events.csv";

    /// <summary>Writes the file when there are lines; returns its path, or null when there were none.</summary>
    public static string? Write(string runDirectory, IReadOnlyList<RejectedEvent> rejected)
    {
        if (rejected.Count == 0)
        {
            return null;
        }

        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, FileName);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\r\n";
        writer.WriteLine("source,line_number,reason,raw");
        foreach (var row in rejected)
        {
            writer.WriteLine(string.Join(',', Quote(row.Source), row.LineNumber.ToString(CultureInfo.InvariantCulture), Quote(row.Reason), Quote(row.Raw)));
        }

        return path;
    }

    /// <summary>The path of a run's kept lines, when it has them.</summary>
    public static string? Find(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>RFC 4180: a field with a comma, quote, CR or LF (or outer spaces) is quoted, its quotes doubled.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '))
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
