using System.Globalization;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Hold-out figures of one probability model as model_metrics rows: AUC, Brier score, log-loss, and a calibration
/// table of equal-count deciles of the prediction (decile 01 = highest predictions, as in the value stage), each with
/// its mean prediction, observed rate and row count, so a reader can see where the probabilities are off.
/// </summary>
internal static class BehaviorMetrics
{
    public const int Bins = 10;

    public static List<ModelMetric> Evaluate(string stage, string model, float[] predicted, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        var metrics = new List<ModelMetric>
        {
            new(stage, model, "holdout_rows", labels.Length),
            new(stage, model, "holdout_positives", labels.Count(l => l > 0)),
            new(stage, model, "holdout_auc", Metrics.Auc(predicted, labels)),
            new(stage, model, "holdout_brier", Brier(predicted, labels)),
            new(stage, model, "holdout_logloss", Metrics.LogLoss(predicted, labels, Metrics.FloatClip)),
        };
        foreach (var bin in Calibration(predicted, labels))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"holdout_calibration_decile_{bin.Decile:00}");
            metrics.Add(new(stage, model, name + "_mean_predicted", bin.MeanPredicted));
            metrics.Add(new(stage, model, name + "_observed_rate", bin.ObservedRate));
            metrics.Add(new(stage, model, name + "_rows", bin.Rows));
        }

        return metrics;
    }

    /// <summary>Mean squared difference between probability and outcome; NaN without rows.</summary>
    public static double Brier(ReadOnlySpan<float> predicted, ReadOnlySpan<float> labels)
    {
        double sum = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var d = predicted[i] - (labels[i] > 0 ? 1.0 : 0.0);
            sum += d * d;
        }

        return predicted.Length == 0 ? double.NaN : sum / predicted.Length;
    }

    /// <summary>
    /// Rows sorted by prediction (highest first, ties by row order) cut into <see cref="Bins"/> groups whose sizes
    /// differ by at most one; an empty group (fewer rows than bins) has NaN means.
    /// </summary>
    public static IReadOnlyList<CalibrationBin> Calibration(float[] predicted, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, predicted.Length).OrderByDescending(r => predicted[r]).ToArray();
        var bins = new List<CalibrationBin>(Bins);
        for (var b = 0; b < Bins; b++)
        {
            var from = (int)((long)order.Length * b / Bins);
            var to = (int)((long)order.Length * (b + 1) / Bins);
            double p = 0, y = 0;
            for (var k = from; k < to; k++)
            {
                p += predicted[order[k]];
                y += labels[order[k]] > 0 ? 1 : 0;
            }

            var n = to - from;
            bins.Add(new CalibrationBin(b + 1, n == 0 ? double.NaN : p / n, n == 0 ? double.NaN : y / n, n));
        }

        return bins;
    }

    /// <summary>One decile of the calibration table.</summary>
    public readonly record struct CalibrationBin(int Decile, double MeanPredicted, double ObservedRate, int Rows);
}
