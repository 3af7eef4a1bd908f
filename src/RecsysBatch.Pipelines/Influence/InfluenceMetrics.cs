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

    /// <summary>
    /// nuisance_train_rows: the rows the nuisance models were trained on, summed over models and folds, and
    /// nuisance_train_rows_available: the same before the size rule (option nuisanceRowsPerParameter).
    /// </summary>
    public static IEnumerable<ModelMetric> TrainRows(string stage, string behavior, CrossFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        yield return new ModelMetric(stage, "aipw_" + behavior, "nuisance_train_rows", fit.TrainRows);
        yield return new ModelMetric(stage, "aipw_" + behavior, "nuisance_train_rows_available", fit.AvailableRows);
    }

    /// <summary>
    /// Per nuisance model kind (propensity, outcome_treated, outcome_control): nuisance_choice_&lt;kind&gt;_&lt;learner&gt;,
    /// the folds whose model that learner fitted, and inner_logloss_&lt;kind&gt;_&lt;learner&gt;, the mean over folds of
    /// its log loss on the inner held-out users (only when chosen by auto and measured), so a reader can see both
    /// what was picked and by how much.
    /// </summary>
    public static IEnumerable<ModelMetric> Choices(string stage, string behavior, IReadOnlyList<NuisanceChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var model = "aipw_" + behavior;
        foreach (var kind in NuisanceChoice.Kinds)
        {
            var ofKind = choices.Where(c => c.Kind == kind).ToList();
            foreach (var learner in Enum.GetValues<NuisanceLearner>())
            {
                yield return new ModelMetric(stage, model, $"nuisance_choice_{kind}_{Name(learner)}", ofKind.Count(c => c.Learner == learner));
            }

            var measured = ofKind.Where(c => !double.IsNaN(c.LogisticLoss) && !double.IsNaN(c.TreeLoss)).ToList();
            if (measured.Count > 0)
            {
                yield return new ModelMetric(stage, model, $"inner_logloss_{kind}_{Name(NuisanceLearner.Logistic)}", measured.Average(c => c.LogisticLoss));
                yield return new ModelMetric(stage, model, $"inner_logloss_{kind}_{Name(NuisanceLearner.FastTree)}", measured.Average(c => c.TreeLoss));
            }
        }
    }

    /// <summary>The learner's name in metrics and options (logistic, fasttree).</summary>
    public static string Name(NuisanceLearner learner) => learner == NuisanceLearner.FastTree ? TreeModel.Name : "logistic";

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
