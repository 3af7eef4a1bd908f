using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>The input: events ingest kept by type and UTC day (event_counts), and the quarantined lines by reason (rejected_events).</summary>
internal static class DataSection
{
    public static async Task AddAsync(ReportDocument document, ReportSource source, JobRun run, CancellationToken cancellationToken)
    {
        document.Section("data", "Data");
        await EventsAsync(document, source, run, cancellationToken);
        await RejectedAsync(document, source, run, cancellationToken);
        document.EndSection();
    }

    private static async Task EventsAsync(ReportDocument document, ReportSource source, JobRun run, CancellationToken cancellationToken)
    {
        if (!await source.HasTableAsync("event_counts", cancellationToken))
        {
            document.NotApplicable("Events by type and day: the warehouse has no event_counts table (written by ingest since this report came).");
            return;
        }

        var result = await source.QueryAsync("day, event_type, events", "event_counts", cancellationToken, tail: "ORDER BY day, event_type");
        if (result.Rows.Count == 0)
        {
            document.NotApplicable(run.Status == "succeeded"
                ? "Events by type and day: no event_counts rows of this run (replaced by a later run of the snapshot, or deleted by retention)."
                : "Events by type and day: not published (a failed run publishes nothing but its job_runs row).");
            return;
        }

        var rows = result.Rows.Select(r => (Day: ReportSource.Date(r[0]), Type: ReportSource.Text(r[1]), Events: ReportSource.Double(r[2]))).ToList();
        var days = rows.Select(r => r.Day).Distinct().Order().ToList();
        var series = rows.GroupBy(r => r.Type)
            .OrderByDescending(g => g.Sum(r => r.Events))
            .Select(g =>
            {
                var byDay = g.ToDictionary(r => r.Day, r => r.Events);
                return (Name: ReportFormat.Invariant($"{g.Key} ({g.Sum(r => r.Events):N0})"),
                    X: days.Select(d => d.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray(),
                    Y: days.Select(d => byDay.TryGetValue(d, out var e) ? e : 0).ToArray());
            }).ToList();
        var total = rows.Sum(r => r.Events);
        document.Figure("events-by-day",
            ReportCharts.Lines("Events by type and UTC day (before the snapshot)", "day", "events", series, dates: true),
            ReportFormat.Invariant($"{total:N0} events kept by ingest over {days.Count} days ({days[0]:yyyy-MM-dd} to {days[^1]:yyyy-MM-dd}), by event type; the snapshot is {run.SnapshotDate:yyyy-MM-dd}."));
    }

    private static async Task RejectedAsync(ReportDocument document, ReportSource source, JobRun run, CancellationToken cancellationToken)
    {
        if (run.RejectedRows == 0)
        {
            document.NotApplicable(ReportFormat.Invariant($"Rejected lines: none of the {run.InputRows:N0} input lines was rejected."));
            return;
        }

        var result = await source.QueryAsync("reason, COUNT(*) AS lines", "rejected_events", cancellationToken, tail: "GROUP BY reason ORDER BY lines DESC, reason");
        if (result.Rows.Count == 0)
        {
            document.NotApplicable(ReportFormat.Invariant($"Rejected lines by reason: {run.RejectedRows:N0} lines were rejected, but their rows are not in rejected_events (a failed run publishes none; the lines are kept in the run's rejected_events.csv; or retention deleted them)."));
            return;
        }

        var reasons = result.Rows.Select(r => (Reason: ReportSource.Text(r[0]), Lines: ReportSource.Double(r[1]))).ToList();
        // Long reasons (with examples) would crowd the axis: the top 12, the rest summed.
        var shown = reasons.Take(12).ToList();
        if (reasons.Count > shown.Count)
        {
            shown.Add(("other reasons", reasons.Skip(12).Sum(r => r.Lines)));
        }

        document.Figure("rejected-by-reason",
            ReportCharts.GroupedBars("Rejected lines by reason", "", "lines", [.. shown.Select(r => Short(r.Reason))], [new ReportCharts.Series("lines", [.. shown.Select(r => r.Lines)])]),
            ReportFormat.Invariant($"{run.RejectedRows:N0} of {run.InputRows:N0} input lines rejected, {reasons.Count} distinct reasons."));
        document.Table(["reason", "lines"], reasons.Select(r => (IReadOnlyList<string>)[r.Reason, ReportFormat.Number(r.Lines)]));
    }

    private static string Short(string reason) => reason.Length <= 40 ? reason : reason[..39] + "…";
}
