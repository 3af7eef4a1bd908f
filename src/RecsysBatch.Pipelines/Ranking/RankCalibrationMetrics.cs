using System.Globalization;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The champion's calibrated probability on the held-out rows as a decile table in model_metrics (model
/// "champion", holdout_calibration_decile_NN_mean_predicted / _observed_rate / _rows, decile 01 = highest), the same
/// shape as the behaviour predictions' tables, so the run report draws the ranker's calibration curve too. The
/// observed rate is weighted by the rows' sampling weights, as the calibration was fitted; it is fitted on these
/// same rows, so the curve shows the fit, not an out-of-sample check.
/// </summary>
internal static class RankCalibrationMetrics
{
    public static void Add(List<ModelMetric> metrics, string stage, ScorerCalibration calibration, float[] scores, float[] labels, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        var probability = scores.Select(s => calibration.Probability(s)).ToArray();
        var order = Enumerable.Range(0, probability.Length).OrderByDescending(r => probability[r]).ToArray();
        for (var b = 0; b < BehaviorMetrics.Bins; b++)
        {
            var from = (int)((long)order.Length * b / BehaviorMetrics.Bins);
            var to = (int)((long)order.Length * (b + 1) / BehaviorMetrics.Bins);
            double p = 0, y = 0, w = 0;
            for (var k = from; k < to; k++)
            {
                var r = order[k];
                p += probability[r] * weights[r];
                y += (labels[r] > 0 ? 1 : 0) * weights[r];
                w += weights[r];
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"holdout_calibration_decile_{b + 1:00}");
            metrics.Add(new(stage, RankChampionReport.Model, name + "_mean_predicted", w > 0 ? p / w : double.NaN));
            metrics.Add(new(stage, RankChampionReport.Model, name + "_observed_rate", w > 0 ? y / w : double.NaN));
            metrics.Add(new(stage, RankChampionReport.Model, name + "_rows", to - from));
        }
    }
}
