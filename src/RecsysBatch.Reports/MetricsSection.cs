namespace RecsysBatch.Reports;

/// <summary>
/// The model_metrics of the run, pivoted through <see cref="MetricName"/>: each stage's models against their
/// baselines on the hold-out (one chart per group of models that report the same headline metrics), and the
/// calibration tables (holdout_calibration_decile) as curves.
/// </summary>
internal static class MetricsSection
{
    /// <summary>Hold-out figures on a 0-1 scale, higher better except the Brier score; the charts show these.</summary>
    private static readonly string[] Headline =
        ["auc", "auc_mean_windows", "holdout_auc", "holdout_brier", "ndcg", "recall", "hit_rate", "holdout_spearman", "holdout_gini_normalized"];

    /// <summary>The rank stage's champion scorer (model_metrics model "champion").</summary>
    private const string ChampionModel = "champion";

    /// <summary>Other hold-out figures, not on a 0-1 scale: in the table under the chart, not in it.</summary>
    private static readonly string[] Extra = ["holdout_mae", "holdout_rmse", "holdout_top_decile_lift", "holdout_logloss", "logloss", "coverage"];

    /// <summary>Sample sizes: the captions give them.</summary>
    private static readonly string[] Sizes =
        ["rows", "users", "positives", "windows", "holdout_rows", "holdout_positives", "holdout_users", "holdout_customers", "eval_users", "customers"];

    public static async Task<MetricSet> LoadAsync(ReportSource source, CancellationToken cancellationToken)
    {
        var result = await source.QueryAsync("stage, model, metric, value", "model_metrics", cancellationToken);
        return new MetricSet([.. result.Rows.Select(r => new MetricRow(
            ReportSource.Text(r[0]), ReportSource.Text(r[1]), MetricName.Parse(ReportSource.Text(r[2])), r[3] is null ? null : ReportSource.Double(r[3])))]);
    }

    public static void AddModels(ReportDocument document, MetricSet metrics)
    {
        document.Section("models", "Models against their baselines (hold-out)");
        var any = false;
        foreach (var stage in metrics.Rows.Select(r => r.Stage).Distinct())
        {
            var headline = metrics.Rows.Where(r => r.Stage == stage && r.Name.Parameters is null && r.Name.Segment is null && Headline.Contains(r.Name.Base) && r.Value is { } v && double.IsFinite(v)).ToList();
            // Models that report the same headline metrics are compared in one chart (the ranker with MF and
            // popularity; p_purchase with its baseline), each metric a group of bars.
            foreach (var group in headline.GroupBy(r => r.Model).GroupBy(m => string.Join(",", m.Select(r => r.Name.Raw).Order(StringComparer.Ordinal))))
            {
                var models = group.Select(m => m.Key).ToList();
                if (models.Count < 2)
                {
                    continue;
                }

                var names = group.First().Select(r => r.Name.Raw).Distinct().ToList();
                any = true;
                document.Figure(FigureId(stage, models[0]),
                    ReportCharts.GroupedBars($"{stage}: {string.Join(" vs ", models)}", "hold-out metric", "value",
                        names, [.. models.Select(m => new ReportCharts.Series(m, [.. names.Select(n => metrics.Value(stage, m, n) ?? double.NaN)]))]),
                    Caption(metrics, stage, models));
                var columns = names.Concat(metrics.Rows.Where(r => r.Stage == stage && models.Contains(r.Model) && Extra.Contains(r.Name.Base)).Select(r => r.Name.Raw).Distinct()).ToList();
                document.Table(["model", .. columns],
                    models.Select(m => (IReadOnlyList<string>)[m, .. columns.Select(n => ReportFormat.Number(metrics.Value(stage, m, n) ?? double.NaN))]));
            }
        }

        if (!any)
        {
            document.NotApplicable("No stage of this run reported hold-out metrics for a model and a baseline.");
        }

        document.EndSection();
    }

    public static void AddCalibration(ReportDocument document, MetricSet metrics)
    {
        document.Section("calibration", "Calibration (hold-out)");
        var any = false;
        foreach (var stage in metrics.Rows.Select(r => r.Stage).Distinct())
        {
            // The ranker's champion gets a chart of its own: its probabilities of one item are far smaller than a
            // user's P(purchase) and would sit in a corner of the same axes.
            var models = metrics.Models(stage).Where(m => metrics.Deciles(stage, m, "holdout_calibration_decile").Count > 0).ToList();
            foreach (var (id, group, note) in new[]
            {
                ("calibration-" + Slug(stage), models.Where(m => m != ChampionModel).ToList(), "."),
                ("calibration-" + Slug(stage) + "-champion", models.Where(m => m == ChampionModel).ToList(),
                    "; the champion is the scorer that orders the recommendations, its probability the p_item calibration fitted on these same rows (rates weighted by the negatives' sampling weights)."),
            })
            {
                if (group.Count == 0)
                {
                    continue;
                }

                var series = new List<(string Name, double[] X, double[] Y)>();
                var sizes = new List<string>();
                foreach (var model in group)
                {
                    var deciles = metrics.Deciles(stage, model, "holdout_calibration_decile");
                    series.Add((model, [.. deciles.Select(d => d.Get("mean_predicted"))], [.. deciles.Select(d => d.Get("observed_rate"))]));
                    sizes.Add(ReportFormat.Invariant($"{model}: {deciles.Sum(d => d.Get("rows")):N0} rows"));
                }

                any = true;
                document.Figure(id,
                    ReportCharts.Lines($"{stage}{(group[0] == ChampionModel ? " champion" : "")}: predicted probability against observed rate, by decile", "mean predicted probability", "observed rate", series, diagonal: true),
                    "Equal-count deciles of the prediction on the hold-out; " + string.Join("; ", sizes) + note);
            }
        }

        if (!any)
        {
            document.NotApplicable("No calibration tables in this run (the rank stage did not run or had no hold-out rows).");
        }

        document.EndSection();
    }

    private static string Caption(MetricSet metrics, string stage, IReadOnlyList<string> models)
    {
        // A size every model shares (the same hold-out users) is said once; otherwise per model.
        var sizes = metrics.Rows
            .Where(r => r.Stage == stage && (models.Contains(r.Model) || r.Model == "holdout") && Sizes.Contains(r.Name.Base) && r.Name.Segment is null && r.Value is { } v && double.IsFinite(v))
            .GroupBy(r => r.Name.Raw)
            .SelectMany(g => g.Select(r => r.Value).Distinct().Count() == 1
                ? [ReportFormat.Invariant($"{g.Key} {g.First().Value:N0}")]
                : g.Select(r => ReportFormat.Invariant($"{r.Model} {g.Key} {r.Value:N0}")))
            .ToList();
        return $"Stage {stage}, hold-out figures of {string.Join(", ", models)}" + (sizes.Count == 0 ? "." : "; sample: " + string.Join(", ", sizes) + ".");
    }

    public static string FigureId(string stage, string model) => "models-" + Slug(stage) + "-" + Slug(model);

    private static string Slug(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
