using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Value;

/// <summary>model_metrics rows of the scoring fit (parameters, log-likelihoods, data counts) and the run note.</summary>
internal static class ValueFitMetrics
{
    public const string GammaGammaName = "gamma_gamma";
    public const string DataName = "data";

    public static List<ModelMetric> Describe(string stage, ProbabilisticScores fit, PurchaseLog log, string model, ValueSettings settings)
    {
        var bg = fit.BgNbd;
        var metrics = new List<ModelMetric>
        {
            new(stage, ValuePredictions.BgNbdName, "r", bg.Parameters.R),
            new(stage, ValuePredictions.BgNbdName, "alpha", bg.Parameters.Alpha),
            new(stage, ValuePredictions.BgNbdName, "a", bg.Parameters.A),
            new(stage, ValuePredictions.BgNbdName, "b", bg.Parameters.B),
            new(stage, ValuePredictions.BgNbdName, "log_likelihood", bg.LogLikelihood),
            new(stage, ValuePredictions.BgNbdName, "customers", bg.Customers),
            new(stage, ValuePredictions.BgNbdName, "starts_converged", bg.StartsConverged),
            new(stage, ValuePredictions.BgNbdName, "time_unit_days", settings.UnitDays),
            new(stage, ValuePredictions.BgNbdName, "dropout_p", bg.DropoutP),
            new(stage, ValuePredictions.BgNbdName, "at_bound", bg.AtBoundUnidentified ? 1 : 0),
            new(stage, ValuePredictions.BgNbdName, "homogeneous_dropout", bg.HomogeneousDropout ? 1 : 0),
            new(stage, ValuePredictions.BgNbdName, "degenerate", bg.Degenerate ? 1 : 0),
        };
        if (fit.GammaGamma is { } gg)
        {
            metrics.Add(new(stage, GammaGammaName, "p", gg.Parameters.P));
            metrics.Add(new(stage, GammaGammaName, "q", gg.Parameters.Q));
            metrics.Add(new(stage, GammaGammaName, "gamma", gg.Parameters.Gamma));
            metrics.Add(new(stage, GammaGammaName, "log_likelihood", gg.LogLikelihood));
            metrics.Add(new(stage, GammaGammaName, "customers", gg.Customers));
        }

        metrics.Add(new(stage, DataName, "purchase_events", log.PurchaseEvents));
        metrics.Add(new(stage, DataName, "purchases_with_amount", log.PurchasesWithAmount));
        metrics.Add(new(stage, DataName, "refunds_ignored", log.Refunds));
        metrics.Add(new(stage, DataName, "target_is_revenue", settings.Revenue ? 1 : 0));
        metrics.Add(new(stage, DataName, "horizon_days", settings.HorizonDays));
        foreach (var name in new[] { ValuePredictions.BgNbdName, LearnedValueModel.Name, ValuePredictions.BlendName, ValueRun.BaselineName })
        {
            metrics.Add(new(stage, name, "chosen", name == model ? 1 : 0));
        }

        return metrics;
    }

    /// <summary>Per flag code the rows carrying it (model data, metric flag_CODE_rows): counts, so shards' figures add up.</summary>
    public static List<ModelMetric> Flags(string stage, IReadOnlyList<string?> flags) =>
        [.. ValueFlags.Count(flags).Select(c => new ModelMetric(stage, DataName, $"flag_{c.Code}_rows", c.Rows))];

    /// <summary>Whether bgnbd and blend were excluded (a degenerate BG/NBD fit).</summary>
    public static ModelMetric Excluded(string stage, bool bgNbdExcluded) => new(stage, ValuePredictions.BgNbdName, "excluded", bgNbdExcluded ? 1 : 0);

    /// <summary>
    /// The run-summary line on the BG/NBD fit when it is not interior: a warning when it is degenerate (at scoring or
    /// hold-out), a note naming the homogeneous-dropout limit when p_alive and clv come from it; null otherwise.
    /// </summary>
    public static string? DegenerateNote(ProbabilisticScores fit, string model, bool bgNbdExcluded)
    {
        var bg = fit.BgNbd;
        var p = bg.Parameters;
        if (bg.Degenerate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"value: WARNING the BG/NBD fit is degenerate (r {p.R:G4}, alpha {p.Alpha:G4}, a {p.A:G4}, b {p.B:G4}; {(bg.AtBoundUnidentified ? "a parameter at the optimiser bound e^±12 outside the homogeneous-dropout limit: a → 0 means no dropout seen" : "no start converged")}): p_alive and clv are null for all {fit.Rfm.Count} customers (flag {(bg.AtBoundUnidentified ? ValueFlags.BgNbdAtBound : ValueFlags.BgNbdNotConverged)}); predicted_value from {model}, not bgnbd or blend");
        }

        if (bg.HomogeneousDropout)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"value: the BG/NBD fit is in the homogeneous-dropout limit (r {p.R:G4}, alpha {p.Alpha:G4}, a {p.A:G4}, b {p.B:G4} at the optimiser bound e^12 with a/(a+b) = {bg.DropoutP:G4}: every customer drops out after a repeat purchase with that one probability; heterogeneity in dropout is not estimated): p_alive and clv are published from this limit for all {fit.Rfm.Count} customers (flag {ValueFlags.BgNbdHomogeneousDropout}); predicted_value from {model}{(bgNbdExcluded ? "; the hold-out BG/NBD fit is degenerate: bgnbd and blend were not eligible" : "")}");
        }

        return bgNbdExcluded
            ? $"value: WARNING the hold-out BG/NBD fit is degenerate: bgnbd and blend were not eligible; predicted_value from {model}"
            : null;
    }

    public static string Note(DateOnly snapshot, ValueSettings settings, string model, string selectBy, IReadOnlyList<ModelMetric> holdout)
    {
        var metric = selectBy == "spearman" ? "holdout_spearman" : "holdout_gini_normalized";
        string Figure(string name) =>
            holdout.FirstOrDefault(m => m.Model == name && m.Metric == metric) is { } m ? m.Value.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

        var h = settings.HorizonDays;
        return string.Create(CultureInfo.InvariantCulture,
            $"value: target {(settings.Revenue ? "revenue" : "purchase_days")}, model {model}; hold-out [{snapshot.AddDays(-h):yyyy-MM-dd}, {snapshot:yyyy-MM-dd}) {selectBy} bgnbd {Figure(ValuePredictions.BgNbdName)}, learned {Figure(LearnedValueModel.Name)}, blend {Figure(ValuePredictions.BlendName)}, baseline {Figure(ValueRun.BaselineName)}; learned model trained on up to {settings.TrainingAnchors} anchors {h} day(s) apart, the last labelled [{snapshot.AddDays(-h):yyyy-MM-dd}, {snapshot:yyyy-MM-dd})");
    }
}
