using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Value;

/// <summary>The hold-out metrics of one model as model_metrics rows (stage "value").</summary>
internal static class ValueEvaluation
{
    public static List<ModelMetric> Evaluate(string stage, string model, IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        var metrics = new List<ModelMetric>
        {
            new(stage, model, "holdout_mae", ValueMetrics.Mae(predicted, actual)),
            new(stage, model, "holdout_rmse", ValueMetrics.Rmse(predicted, actual)),
            new(stage, model, "holdout_spearman", ValueMetrics.Spearman(predicted, actual)),
            new(stage, model, "holdout_gini_normalized", ValueMetrics.NormalizedGini(predicted, actual)),
            new(stage, model, "holdout_top_decile_lift", ValueMetrics.TopDecileLift(predicted, actual)),
            new(stage, model, "holdout_predicted_sum", predicted.Sum()),
            new(stage, model, "holdout_actual_sum", actual.Sum()),
        };
        var (p, a) = ValueMetrics.DecileSums(predicted, actual);
        for (var d = 0; d < ValueMetrics.Deciles; d++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"holdout_decile_{d + 1:00}");
            metrics.Add(new(stage, model, name + "_predicted_sum", p[d]));
            metrics.Add(new(stage, model, name + "_actual_sum", a[d]));
        }

        return metrics;
    }
}
