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

    /// <summary>
    /// Fails when the source has no data lines, no valid line (the file is not what its format says) or more
    /// rejected lines than <paramref name="maxShare"/> allows. Callers record the result first, so a failed run
    /// still reports what was read.
    /// </summary>
    public static void ThrowIfUnusable(IngestSource source, SourceResult result, double maxShare)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Summary.InputRows == 0)
        {
            throw new RecsysException($"{source.File}: no data lines (the {source.Spec.Format} source is empty).");
        }

        if (result.ValidLines == 0)
        {
            ThrowIfNoValidLine(source.File, source.Spec.Format, result.Summary, result.Rejects);
        }

        ThrowIfTooManyRejected(source.File, maxShare, result.Summary, result.Rejects);
    }

    /// <summary>Fails when no line of the file is a valid event: the file is not what its format says.</summary>
    private static void ThrowIfNoValidLine(string file, string format, SourceSummary summary, IReadOnlyList<RejectedEvent> rejects)
    {
        if (summary.RejectedRows >= summary.InputRows && Skipped(summary) < summary.RejectedRows)
        {
            throw new RecsysException(
                $"{file}: not a {format} file: no line is a valid event ({Counts(summary)}): {Details(summary, rejects)}");
        }
    }

    private static void ThrowIfTooManyRejected(string file, double maxShare, SourceSummary summary, IReadOnlyList<RejectedEvent> rejects)
    {
        // Lines a format skips by design ("skipped: ...") are counted and kept, but they are not bad data.
        var share = summary.InputRows == 0 ? 0 : (double)(summary.RejectedRows - Skipped(summary)) / summary.InputRows;
        if (share > maxShare)
        {
            throw new RecsysException(
                $"{file}: {Counts(summary)} ({Exceeds(share, maxShare)}): {Details(summary, rejects)}");
        }
    }

    private static string Counts(SourceSummary summary) => Skipped(summary) is var skipped and > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{summary.RejectedRows - skipped:N0} of {summary.InputRows:N0} lines rejected, {skipped:N0} more skipped")
        : string.Create(CultureInfo.InvariantCulture, $"{summary.RejectedRows:N0} of {summary.InputRows:N0} lines rejected");

    private static long Skipped(SourceSummary summary) => summary.RejectedByReason.Where(r => RejectReasons.IsSkip(r.Key)).Sum(r => (long)r.Value);

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

    /// <summary>"1.03% > 1%": at least two decimals, more until the two shares differ, trailing zeros dropped.</summary>
    internal static string Exceeds(double share, double maxShare)
    {
        for (var decimals = 2; decimals < 15; decimals++)
        {
            var (left, right) = (Percent(share, decimals), Percent(maxShare, decimals));
            if (left != right)
            {
                return $"{left} > {right}";
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{share * 100:R}% > {maxShare * 100:R}%");
    }

    private static string Percent(double share, int decimals)
    {
        var text = (share * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text) + "%";
    }

    private static string Cut(string raw) => raw.Length > ExampleChars ? raw[..ExampleChars] + "..." : raw;
}
