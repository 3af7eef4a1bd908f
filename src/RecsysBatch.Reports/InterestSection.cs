namespace RecsysBatch.Reports;

/// <summary>How far each user's recent category interests moved from the long-term ones (user_interest_drift.drift_js).</summary>
internal static class InterestSection
{
    public static async Task AddAsync(ReportDocument document, ReportSource source, CancellationToken cancellationToken)
    {
        document.Section("interest", "Interest drift");
        if (!await source.HasTableAsync("user_interest_drift", cancellationToken))
        {
            document.NotApplicable("No interest drift: the interest stage has never run on this warehouse.");
            document.EndSection();
            return;
        }

        var result = await source.QueryAsync("drift_js", "user_interest_drift", cancellationToken);
        if (result.Rows.Count == 0)
        {
            document.NotApplicable("No interest drift in this run (the interest stage did not run or was skipped; see the warnings).");
            document.EndSection();
            return;
        }

        var values = result.Rows.Where(r => r[0] is not null).Select(r => ReportSource.Double(r[0])).ToList();
        if (values.Count == 0)
        {
            document.NotApplicable(ReportFormat.Invariant($"Interest drift: none of the {result.Rows.Count:N0} users had events in the recent window."));
            document.EndSection();
            return;
        }

        var sorted = values.Order().ToList();
        var median = sorted[sorted.Count / 2];
        document.Figure("interest-drift",
            ReportCharts.Histogram("Interest drift: Jensen-Shannon divergence, recent vs long-term categories", "drift_js (0 = same interests, 1 = disjoint)", values, 0, 1, 20),
            ReportFormat.Invariant($"{values.Count:N0} users with recent events (of {result.Rows.Count:N0} with categorized events); median drift {median:0.###}, {values.Count(v => v >= 0.5):N0} users at 0.5 or more."));
        document.EndSection();
    }
}
