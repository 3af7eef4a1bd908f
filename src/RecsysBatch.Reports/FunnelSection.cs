namespace RecsysBatch.Reports;

/// <summary>The behaviour funnel of the influence stage (behavior_funnel, segment overall): each step's rate with its pairs.</summary>
internal static class FunnelSection
{
    public static async Task AddAsync(ReportDocument document, ReportSource source, CancellationToken cancellationToken)
    {
        document.Section("funnel", "Behaviour funnel");
        if (!await source.HasTableAsync("behavior_funnel", cancellationToken))
        {
            document.NotApplicable("No behaviour funnel: the influence stage has never run on this warehouse.");
            document.EndSection();
            return;
        }

        var result = await source.QueryAsync("from_event, to_event, transition_rate, median_hours, n", "behavior_funnel", cancellationToken, "segment = 'overall'");
        if (result.Rows.Count == 0)
        {
            document.NotApplicable("No behaviour funnel in this run (the influence stage did not run or was skipped; see the warnings).");
            document.EndSection();
            return;
        }

        var steps = result.Rows.Select(r => (Step: ReportSource.Text(r[0]) + " → " + ReportSource.Text(r[1]), Rate: ReportSource.Double(r[2]), Hours: ReportSource.Double(r[3]), N: ReportSource.Double(r[4])))
            .OrderByDescending(s => s.N).ThenBy(s => s.Step, StringComparer.Ordinal).ToList();
        document.Figure("funnel",
            ReportCharts.GroupedBars("Behaviour funnel (all segments)", "step", "share of pairs that made the step", [.. steps.Select(s => s.Step)], [new ReportCharts.Series("rate", [.. steps.Select(s => s.Rate)])]),
            "(user, item) pairs per step: " + string.Join("; ", steps.Select(s => ReportFormat.Invariant($"{s.Step} n = {s.N:N0}"))) + ".");
        document.Table(["step", "rate", "median hours", "pairs (n)"],
            steps.Select(s => (IReadOnlyList<string>)[s.Step, ReportFormat.Number(s.Rate), ReportFormat.Number(s.Hours), ReportFormat.Number(s.N)]));
        document.EndSection();
    }
}
