using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// model_metrics of the stage: per behaviour, the cross-fitted (held-out) log loss of the propensity and outcome
/// models next to the constant-rate baseline, and per (behaviour, segment) the overlap diagnostics.
/// </summary>
internal static class InfluenceMetrics
{
    public static IEnumerable<ModelMetric> Nuisance(string stage, string behavior, NuisanceQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        var model = "aipw_" + behavior;
        yield return new ModelMetric(stage, model, "propensity_logloss", quality.PropensityLogLoss);
        yield return new ModelMetric(stage, model, "propensity_logloss_baseline", quality.PropensityBaseline);
        yield return new ModelMetric(stage, model, "outcome_logloss", quality.OutcomeLogLoss);
        yield return new ModelMetric(stage, model, "outcome_logloss_baseline", quality.OutcomeBaseline);
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
}
