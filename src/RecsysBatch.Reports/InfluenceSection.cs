namespace RecsysBatch.Reports;

/// <summary>
/// influence_coefficients as a forest plot: per behaviour and segment the AIPW estimate with its 95% interval, the
/// naive difference and the regression adjustment beside it; rows that could not be estimated are listed with why.
/// </summary>
internal static class InfluenceSection
{
    public static async Task AddAsync(ReportDocument document, ReportSource source, CancellationToken cancellationToken)
    {
        document.Section("influence", "Influence of behaviours on purchase");
        if (!await source.HasTableAsync("influence_coefficients", cancellationToken))
        {
            document.NotApplicable("No influence estimates: the influence stage has never run on this warehouse.");
            document.EndSection();
            return;
        }

        var result = await source.QueryAsync(
            "behavior, segment, estimate, ci_low, ci_high, naive_estimate, regression_estimate, treated_units, control_units, note, flags",
            "influence_coefficients", cancellationToken, tail: "ORDER BY behavior, segment");
        if (result.Rows.Count == 0)
        {
            document.NotApplicable("No influence estimates in this run (the influence stage did not run or was skipped; see the warnings).");
            document.EndSection();
            return;
        }

        var rows = result.Rows.Select(r => new
        {
            Behavior = ReportSource.Text(r[0]),
            Segment = ReportSource.Text(r[1]),
            Estimate = ReportSource.Double(r[2]),
            Low = ReportSource.Double(r[3]),
            High = ReportSource.Double(r[4]),
            Naive = ReportSource.Double(r[5]),
            Regression = ReportSource.Double(r[6]),
            Treated = ReportSource.Long(r[7]) ?? 0,
            Control = ReportSource.Long(r[8]) ?? 0,
            Note = r[9] as string,
            Flags = r[10] as string,
        })
        // overall first within a behaviour, then the segments.
        .OrderBy(r => r.Behavior, StringComparer.Ordinal).ThenBy(r => r.Segment == "overall" ? 0 : 1).ThenBy(r => r.Segment, StringComparer.Ordinal).ToList();
        var estimated = rows.Where(r => double.IsFinite(r.Estimate)).ToList();
        if (estimated.Count > 0)
        {
            document.Figure("influence-forest",
                ReportCharts.Forest("Effect of a behaviour on the purchase probability (risk difference)", "effect on P(purchase of the item)",
                    [.. estimated.Select(r => new ReportCharts.ForestRow(
                        ReportFormat.Invariant($"{r.Behavior} · {r.Segment} ({r.Treated:N0}/{r.Control:N0})") + (r.Flags is null ? "" : " !"),
                        r.Estimate, r.Low, r.High, r.Naive, r.Regression))]),
                ReportFormat.Invariant($"{estimated.Count} estimates; each label gives treated/control units (user, item pairs); ! marks a flagged row ({string.Join(", ", estimated.Where(r => r.Flags is not null).Select(r => $"{r.Behavior} · {r.Segment}: {r.Flags}").DefaultIfEmpty("none"))})."));
        }
        else
        {
            document.NotApplicable("No influence estimate could be computed in this run (see the notes below).");
        }

        var missing = rows.Where(r => !double.IsFinite(r.Estimate)).ToList();
        if (missing.Count > 0)
        {
            document.Paragraph("Not estimated:");
            document.List(missing.Select(r => ReportFormat.Invariant($"{r.Behavior} · {r.Segment} ({r.Treated:N0} treated, {r.Control:N0} control units): {r.Note ?? "no estimate"}")));
        }

        document.EndSection();
    }
}
