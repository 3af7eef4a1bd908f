using System.Globalization;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// A check of a stage's hold-out figures in model_metrics, declared by the stage (<see cref="IPipelineStage.QualityRules"/>)
/// and applied by the runner to the run's rows before publish (<see cref="QualityGate"/>): each failed check is one
/// warning line in the run summary and job_runs.notes naming the figure. A figure that is absent (stage skipped, no
/// hold-out) is not checked.
/// </summary>
public abstract record QualityRule
{
    /// <summary>Warning lines (without the "quality: stage:" prefix) for <paramref name="metrics"/>, the stage's rows.</summary>
    public abstract IEnumerable<string> Warnings(IReadOnlyList<ModelMetric> metrics);

    /// <summary>
    /// The rows of <paramref name="model"/> whose metric is <paramref name="metric"/>, or, when it ends with '@', every
    /// metric that starts with it and names no segment (e.g. <c>recall@</c> matches <c>recall@20</c>, not <c>recall@20@x</c>).
    /// </summary>
    protected static IEnumerable<ModelMetric> Matching(IReadOnlyList<ModelMetric> metrics, string model, string metric) =>
        metrics.Where(m => m.Model == model
            && (metric.EndsWith('@')
                ? m.Metric.StartsWith(metric, StringComparison.Ordinal) && m.Metric.IndexOf('@', metric.Length) < 0
                : m.Metric == metric));

    /// <summary>The value of (<paramref name="model"/>, <paramref name="metric"/>) exactly, or null.</summary>
    protected static double? ValueOf(IReadOnlyList<ModelMetric> metrics, string model, string metric) =>
        metrics.LastOrDefault(m => m.Model == model && m.Metric == metric)?.Value;

    protected static string Figure(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.####", CultureInfo.InvariantCulture);
}
