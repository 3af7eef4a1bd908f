using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// model_metrics of the stage: per behaviour, the cross-fitted (held-out) log loss of the propensity and outcome
/// models next to the constant-rate baseline, and per (behaviour, segment) the overlap diagnostics.
/// </summary>
internal static class InfluenceMetrics
{
    public static IEnumerable<ModelMetric> Nuisance(string stage, string behavior, IReadOnlyList<int> rows, bool[] treated, bool[] outcome, CrossFit fit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fit);
        var model = "aipw_" + behavior;
        var predicted = rows.Select(r => treated[r] ? fit.Mu1[r] : fit.Mu0[r]).ToArray();
        yield return new ModelMetric(stage, model, "propensity_logloss", LogLoss(rows.Select(r => treated[r]), rows.Select(r => fit.Propensity[r])));
        yield return new ModelMetric(stage, model, "propensity_logloss_baseline", LogLoss(rows.Select(r => treated[r]), Constant(rows, treated)));
        yield return new ModelMetric(stage, model, "outcome_logloss", LogLoss(rows.Select(r => outcome[r]), predicted));
        yield return new ModelMetric(stage, model, "outcome_logloss_baseline", LogLoss(rows.Select(r => outcome[r]), Constant(rows, outcome)));
    }

    public static IEnumerable<ModelMetric> Overlap(string stage, InfluenceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var model = "aipw_" + row.Behavior;
        var suffix = row.Segment == InfluenceSegments.Overall ? "" : "@" + row.Segment;
        var r = row.Result;
        if (r.Note is not null)
        {
            yield break;
        }

        yield return new ModelMetric(stage, model, "trimmed_share" + suffix, r.TrimmedShare);
        yield return new ModelMetric(stage, model, "ess_treated" + suffix, r.EssTreated);
        yield return new ModelMetric(stage, model, "ess_control" + suffix, r.EssControl);
        yield return new ModelMetric(stage, model, "std_error" + suffix, r.StandardError);
        if (suffix.Length > 0)
        {
            yield break;
        }

        for (var q = 0; q < AipwEstimator.Quantiles.Length; q++)
        {
            var name = "p" + (AipwEstimator.Quantiles[q] * 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            yield return new ModelMetric(stage, model, "propensity_treated_" + name, r.TreatedQuantiles[q]);
            yield return new ModelMetric(stage, model, "propensity_control_" + name, r.ControlQuantiles[q]);
        }
    }

    private static IEnumerable<double> Constant(IReadOnlyList<int> rows, bool[] label)
    {
        var rate = (rows.Count(r => label[r]) + 0.5) / (rows.Count + 1.0);
        return rows.Select(_ => rate);
    }

    private static double LogLoss(IEnumerable<bool> labels, IEnumerable<double> p)
    {
        double sum = 0;
        var n = 0;
        foreach (var (y, q) in labels.Zip(p))
        {
            var c = Math.Clamp(q, 1e-12, 1 - 1e-12);
            sum -= y ? Math.Log(c) : Math.Log(1 - c);
            n++;
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
