namespace RecsysBatch.Reports;

/// <summary>
/// The value stage: the hold-out lift of each model by decile of its prediction (model_metrics holdout_decile_NN),
/// the tier sizes (user_value_scores.value_tier), and BG/NBD P(alive) against the days since the last purchase.
/// </summary>
internal static class ValueSection
{
    private const string Stage = "value";
    private const int MaxPoints = 5000;

    public static async Task AddAsync(ReportDocument document, ReportSource source, MetricSet metrics, CancellationToken cancellationToken)
    {
        document.Section("value", "Customer value");
        if (!await source.HasTableAsync("user_value_scores", cancellationToken))
        {
            document.NotApplicable("No customer value: the value stage has never run on this warehouse.");
            document.EndSection();
            return;
        }

        Lift(document, metrics);
        var tiers = await source.QueryAsync("value_tier, COUNT(*) AS users, SUM(predicted_value) AS value", "user_value_scores", cancellationToken, tail: "GROUP BY value_tier ORDER BY value_tier");
        if (tiers.Rows.Count == 0)
        {
            document.NotApplicable("No user_value_scores rows in this run (the value stage did not run or was skipped; see the warnings).");
            document.EndSection();
            return;
        }

        var tierRows = tiers.Rows.Select(r => (Tier: ReportSource.Text(r[0]), Users: ReportSource.Double(r[1]), Value: ReportSource.Double(r[2]))).ToList();
        document.Figure("value-tiers",
            ReportCharts.GroupedBars("Customers per value tier", "value tier", "customers", [.. tierRows.Select(t => t.Tier)], [new ReportCharts.Series("customers", [.. tierRows.Select(t => t.Users)])]),
            string.Join("; ", tierRows.Select(t => ReportFormat.Invariant($"tier {t.Tier}: {t.Users:N0} customers, predicted value {t.Value:N1}"))) + ".");
        await AliveAsync(document, source, cancellationToken);
        document.EndSection();
    }

    private static void Lift(ReportDocument document, MetricSet metrics)
    {
        var series = new List<(string Name, double[] X, double[] Y)>();
        foreach (var model in metrics.Models(Stage))
        {
            var deciles = metrics.Deciles(Stage, model, "holdout_decile");
            var total = deciles.Sum(d => d.Get("actual_sum"));
            if (deciles.Count == 0 || !(total > 0))
            {
                continue;
            }

            // Lift: the decile's share of the actual hold-out value over the share it would have at random (1/10).
            series.Add((model, [.. deciles.Select(d => (double)d.Decile)], [.. deciles.Select(d => d.Get("actual_sum") / total * deciles.Count)]));
        }

        if (series.Count == 0)
        {
            document.NotApplicable("Value lift by decile: the value stage wrote no hold-out deciles in this run.");
            return;
        }

        var customers = metrics.Value(Stage, "bgnbd", "customers");
        document.Figure("value-lift",
            ReportCharts.Lines("Hold-out value lift by decile of the prediction", "decile of the prediction (1 = highest)", "actual value share × 10 (1 = random)", series),
            ReportFormat.Invariant($"Hold-out: each model's predictions for the last horizon cut into deciles; {series.Count} models") +
            (customers is { } c ? ReportFormat.Invariant($"; BG/NBD fitted on {c:N0} customers.") : "."));
    }

    private static async Task AliveAsync(ReportDocument document, ReportSource source, CancellationToken cancellationToken)
    {
        if (!await source.HasTableAsync("user_features", cancellationToken))
        {
            document.NotApplicable("P(alive) against recency: no user_features table (the featurize stage has never run).");
            return;
        }

        var result = await source.QueryAsync("f.days_since_last_purchase, v.p_alive",
            "user_value_scores v JOIN user_features f ON f.user_id = v.user_id AND f.run_id = v.run_id", cancellationToken,
            "v.p_alive IS NOT NULL AND f.days_since_last_purchase IS NOT NULL", "ORDER BY v.user_id", runIdColumn: "v.run_id");
        if (result.Rows.Count == 0)
        {
            document.NotApplicable("P(alive) against recency: no P(alive) in this run (BG/NBD degenerate, see the warnings) or no user_features of the run.");
            return;
        }

        var step = Math.Max(1, (result.Rows.Count + MaxPoints - 1) / MaxPoints);
        var shown = result.Rows.Where((_, i) => i % step == 0).ToList();
        document.Figure("p-alive",
            ReportCharts.Scatter("BG/NBD P(alive) against days since the last purchase", "days since the last purchase", "P(alive)",
                [.. shown.Select(r => ReportSource.Double(r[0]))], [.. shown.Select(r => ReportSource.Double(r[1]))]),
            ReportFormat.Invariant($"{result.Rows.Count:N0} customers with a purchase before the snapshot") + (step > 1 ? ReportFormat.Invariant($" (every {step}th shown).") : "."));
    }
}
