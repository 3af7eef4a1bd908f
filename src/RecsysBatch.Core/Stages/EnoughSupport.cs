namespace RecsysBatch.Core.Stages;

/// <summary>
/// A hold-out figure rests on at least <paramref name="Minimum"/> positives (or users, customers): warns
/// "MODEL figures rest on n METRIC (fewer than MINIMUM)" so a reader does not take a figure of a handful of cases at face value.
/// </summary>
/// <param name="Model">model_metrics.model holding the count.</param>
/// <param name="Metric">the count metric (e.g. <c>positives</c>, <c>holdout_customers</c>).</param>
/// <param name="Minimum">the least count the stage's figures are read at (<see cref="QualityGate.MinimumSupport"/> by default).</param>
public sealed record EnoughSupport(string Model, string Metric, double Minimum = QualityGate.MinimumSupport) : QualityRule
{
    public override IEnumerable<string> Warnings(IReadOnlyList<ModelMetric> metrics)
    {
        if (ValueOf(metrics, Model, Metric) is { } count && count < Minimum)
        {
            yield return $"{Model} hold-out figures rest on {Figure(count)} {Metric.Replace('_', ' ')} (fewer than {Figure(Minimum)})";
        }
    }
}
