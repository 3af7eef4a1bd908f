using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>The per-source checks of ingest and their one-line failure messages.</summary>
internal static class SourceReport
{
    private const int Examples = 3;
    private const int MaxReasons = 5;
    private const int ExampleChars = 80;

    public static SourceSummary Summarize(string source, long dataLines, IReadOnlyList<RejectedEvent> rejects)
    {
        var summary = new SourceSummary { Source = source, InputRows = dataLines, RejectedRows = rejects.Count };
        foreach (var reject in rejects)
        {
            summary.RejectedByReason[reject.Reason] = summary.RejectedByReason.GetValueOrDefault(reject.Reason) + 1;
        }

        return summary;
    }

    /// <summary>Fails when no line of the file is a valid event: the file is not what its format says.</summary>
    public static void ThrowIfNoValidLine(string file, string format, SourceSummary summary, IReadOnlyList<RejectedEvent> rejects)
    {
        if (summary.RejectedRows >= summary.InputRows)
        {
            throw new RecsysException(
                $"{file}: not a {format} file: no line is a valid event ({Counts(summary)}): {Details(summary, rejects)}");
        }
    }

    public static void ThrowIfTooManyRejected(string file, double maxShare, SourceSummary summary, IReadOnlyList<RejectedEvent> rejects)
    {
        var share = summary.InputRows == 0 ? 0 : (double)summary.RejectedRows / summary.InputRows;
        if (share > maxShare)
        {
            throw new RecsysException(
                $"{file}: {Counts(summary)} ({Percent(share)} > {Percent(maxShare)}): {Details(summary, rejects)}");
        }
    }

    private static string Counts(SourceSummary summary) =>
        string.Create(CultureInfo.InvariantCulture, $"{summary.RejectedRows:N0} of {summary.InputRows:N0} lines rejected");

    /// <summary>"100 unparsable timestamp, 20 unknown event type 'x'; first: line 3 "..." (unparsable timestamp)".</summary>
    private static string Details(SourceSummary summary, IReadOnlyList<RejectedEvent> rejects)
    {
        var reasons = summary.RejectedByReason
            .OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value:N0} {r.Key}"))
            .ToList();
        var reasonText = string.Join(", ", reasons.Take(MaxReasons))
            + (reasons.Count > MaxReasons ? $", and {reasons.Count - MaxReasons} more reasons" : "");
        var examples = rejects.Take(Examples).Select(r => $"line {r.LineNumber} \"{Cut(r.Raw)}\" ({r.Reason})");
        return $"{reasonText}; first: {string.Join("; ", examples)}";
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:F1}%");

    private static string Cut(string raw) => raw.Length > ExampleChars ? raw[..ExampleChars] + "..." : raw;
}
