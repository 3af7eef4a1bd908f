namespace RecsysBatch.Core.Stages;

/// <summary>
/// The model must not lose to any of its baselines on a hold-out figure computed in the same run on the same rows:
/// warns "MODEL METRIC x loses to BASELINE y on the hold-out" naming the best baseline.
/// </summary>
/// <param name="Model">model_metrics.model of the model.</param>
/// <param name="Metric">the hold-out metric (a trailing '@' matches every cut-off, e.g. <c>recall@</c>).</param>
/// <param name="Baselines">models to compare with, on the same metric name.</param>
/// <param name="HigherIsBetter">false for losses (log loss, MAE).</param>
public sealed record BeatsBaselines(string Model, string Metric, IReadOnlyList<string> Baselines, bool HigherIsBetter = true) : QualityRule
{
    public override IEnumerable<string> Warnings(IReadOnlyList<ModelMetric> metrics)
    {
        foreach (var figure in Matching(metrics, Model, Metric))
        {
            var rivals = Baselines
                .Select(b => (Name: b, Value: ValueOf(metrics, b, figure.Metric)))
                .Where(r => r.Value is { } v && double.IsFinite(v))
                .Select(r => (r.Name, Value: r.Value!.Value))
                .ToList();
            if (rivals.Count == 0 || !double.IsFinite(figure.Value))
            {
                continue;
            }

            var best = HigherIsBetter ? rivals.MaxBy(r => r.Value) : rivals.MinBy(r => r.Value);
            var loses = HigherIsBetter ? figure.Value < best.Value : figure.Value > best.Value;
            if (loses)
            {
                yield return $"{Model} {figure.Metric} {Figure(figure.Value)} loses to {best.Name} {Figure(best.Value)} on the hold-out";
            }
        }
    }
}
